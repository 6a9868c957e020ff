# 查看目录总大小（人类可读单位）
hadoop fs -du -s -h HDFS_DIR
