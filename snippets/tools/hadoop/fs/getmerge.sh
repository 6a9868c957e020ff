# 把多个文件合并下载成一个本地文件（引号里的通配符交给 Hadoop 展开）
hadoop fs -getmerge "HDFS_DIR/dt=20261126/part-*" LOCAL_MERGED_FILE
