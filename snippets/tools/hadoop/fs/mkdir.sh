# 创建目录，父目录不存在时一并创建
hadoop fs -mkdir -p HDFS_NEW_DIR/SUB_DIR
