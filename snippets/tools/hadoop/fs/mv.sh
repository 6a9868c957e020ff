# 在 HDFS 内移动或改名
hadoop fs -mv HDFS_FILE HDFS_DIR
