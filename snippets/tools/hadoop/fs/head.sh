# 打印文件开头 1 KB
hadoop fs -head HDFS_LOG_FILE
