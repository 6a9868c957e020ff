# 签发一个一小时有效的 token 并放进 PDM_TOKEN（PDM_JWT_KEY 须已在环境中）
PDM_TOKEN="$(python make_token.py --sub maintenance-dashboard --ttl 3600)" && export PDM_TOKEN
