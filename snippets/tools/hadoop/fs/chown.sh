# 递归修改属主和属组（HDFS 上只有超级用户能改属主）
hadoop fs -chown -R NEW_OWNER:NEW_GROUP HDFS_DIR
