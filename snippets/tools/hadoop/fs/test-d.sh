# 判断路径是否是目录（只看退出码：0 是，1 不是）
hadoop fs -test -d HDFS_FILE
