# 每个分区各占多大（通配符加引号，交给 Hadoop 展开）
hadoop fs -du -s -h 'HDFS_DIR/*'
