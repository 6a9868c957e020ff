# 从 make-key.sh 生成的文件创建 JWT 密钥的 Secret（文件不进仓库）
kubectl -n ml-serving create secret generic pdm-api-jwt --from-file=jwt-key=JWT_KEY_FILE
