# 把目录下所有文件合并下载成一个本地文件
hadoop fs -getmerge HDFS_DIR/dt=20261126 LOCAL_MERGED_FILE
