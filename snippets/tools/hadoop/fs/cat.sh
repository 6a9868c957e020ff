# 打印文件内容
hadoop fs -cat HDFS_FILE
