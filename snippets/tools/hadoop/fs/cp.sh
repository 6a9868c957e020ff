# 在 HDFS 内复制文件
hadoop fs -cp HDFS_FILE HDFS_BACKUP_FILE
