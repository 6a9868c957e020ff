# 查看中断预算：现在允许同时驱逐几个 Pod
kubectl -n ml-serving get pdb pdm-api
