# 停掉一个作业
yarn application -kill APPLICATION_ID
