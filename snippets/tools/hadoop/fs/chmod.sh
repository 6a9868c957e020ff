# 递归修改目录及其下文件的权限
hadoop fs -chmod -R 775 HDFS_DIR
