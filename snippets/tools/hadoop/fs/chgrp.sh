# 只改属组（文件属主或超级用户才能改）
hadoop fs -chgrp NEW_GROUP HDFS_FILE
