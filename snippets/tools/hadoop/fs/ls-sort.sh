# 按大小从大到小列出，大小用 K/M/G 显示
hadoop fs -ls -S -h HDFS_DIR/dt=20261126
