# 递归删除目录，不进回收站，立即释放空间
hadoop fs -rm -r -skipTrash HDFS_DIR
