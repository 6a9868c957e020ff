# 打印文件的校验和（比较两个集群上的同一个文件）
hadoop fs -checksum HDFS_FILE
