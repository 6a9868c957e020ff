# 不等周一，立即从 CronJob 模板起一次评估 Job
kubectl -n ml-serving create job --from=cronjob/pdm-evaluate pdm-evaluate-manual
