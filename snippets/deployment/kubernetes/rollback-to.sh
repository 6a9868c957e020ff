# 回滚到历史里的某一个版本，REVISION 取自 rollout history
kubectl -n ml-serving rollout undo deployment/pdm-api --to-revision=REVISION
