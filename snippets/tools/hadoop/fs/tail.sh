# 打印文件最后 1 KB
hadoop fs -tail HDFS_LOG_FILE
