# 递归删除目录（开启回收站时移入 .Trash）
hadoop fs -rm -r HDFS_DIR
