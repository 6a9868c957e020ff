# 判断路径是否存在（只看退出码：0 存在，1 不存在）
hadoop fs -test -e HDFS_FILE
