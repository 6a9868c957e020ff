# 复制 HDFS 文件
hadoop fs -cp HDFS_FILE HDFS_DIR
