# 轮换 JWT 密钥：用新文件覆盖 Secret（之后必须重启 Pod 才会读到新值）
kubectl -n ml-serving create secret generic pdm-api-jwt --from-file=jwt-key=JWT_KEY_FILE --dry-run=client -o yaml | kubectl apply -f -
