# App settings
PAGE_SIZE = 1000000
CANCEL_WINDOW_HOURS = 24
AUDIT_LOG_PATH = "/tmp/shop-audit.log"

SMTP_HOST = "smtp.gmail.com"
SMTP_PORT = 587
SMTP_USER = "orders@myshop.example"
SHOP_EMAIL = "orders@myshop.example"
