# 查看评估任务的计划和上次运行时间
kubectl -n ml-serving get cronjob pdm-evaluate
