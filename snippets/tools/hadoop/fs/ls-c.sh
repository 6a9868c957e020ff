# 只列路径（给脚本循环用）
hadoop fs -ls -C HDFS_DIR
