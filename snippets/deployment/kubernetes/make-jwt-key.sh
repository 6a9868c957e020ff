# 生成 JWT 签名密钥写进本地文件，去掉换行：文件里的每个字节都会原样进入 Secret
openssl rand -base64 48 | tr -d '\n' > JWT_KEY_FILE
