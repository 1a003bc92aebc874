"""Import names whose distribution has another name: ``import yaml`` comes from ``PyYAML``.

Only names that the usual convention (``foo_bar`` → ``foo-bar``, ``google.cloud.storage`` →
``google-cloud-storage``) gets wrong are listed; the installed environment's own metadata
(``packages_distributions``, ``top_level.txt``) is consulted first and wins. Keys may be
dotted (``google.protobuf``): the longest listed prefix of an import applies. Values are
the distributions that provide the import, the usual one first, spelled as on the index.

To add an entry: the import name as written in code, and the project name from its page on
the index. Keep the table sorted by key; ``tests/scan/test_packages.py`` checks its shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ALIASES", "alias_for"]

_TABLE: dict[str, tuple[str, ...]] = {
    "Adafruit_DHT": ("Adafruit-DHT",),
    "Bio": ("biopython",),
    "Crypto": ("pycryptodome", "pycrypto"),
    "Cryptodome": ("pycryptodomex",),
    "IPython": ("ipython",),
    "Levenshtein": ("Levenshtein", "python-Levenshtein"),
    "MySQLdb": ("mysqlclient",),
    "OpenGL": ("PyOpenGL",),
    "OpenSSL": ("pyOpenSSL",),
    "PIL": ("Pillow",),
    "RPi": ("RPi.GPIO",),
    "Xlib": ("python-xlib",),
    "_cffi_backend": ("cffi",),
    "_pytest": ("pytest",),
    "_yaml": ("PyYAML",),
    "allauth": ("django-allauth",),
    "antlr4": ("antlr4-python3-runtime",),
    "apscheduler": ("APScheduler",),
    "argon2": ("argon2-cffi",),
    "attr": ("attrs",),
    "binance": ("python-binance",),
    "bs4": ("beautifulsoup4",),
    "bson": ("pymongo",),
    "cassandra": ("cassandra-driver",),
    "consul": ("python-consul",),
    "corsheaders": ("django-cors-headers",),
    "crispy_forms": ("django-crispy-forms",),
    "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"),
    "dateutil": ("python-dateutil",),
    "debug_toolbar": ("django-debug-toolbar",),
    "decouple": ("python-decouple",),
    "discord": ("discord.py",),
    "django_filters": ("django-filter",),
    "dns": ("dnspython",),
    "docx": ("python-docx",),
    "dotenv": ("python-dotenv",),
    "engineio": ("python-engineio",),
    "environ": ("django-environ",),
    "factory": ("factory-boy",),
    "faiss": ("faiss-cpu", "faiss-gpu"),
    "fitz": ("PyMuPDF",),
    "git": ("GitPython",),
    "github": ("PyGithub",),
    "gitlab": ("python-gitlab",),
    "gnupg": ("python-gnupg",),
    "google.oauth2": ("google-auth",),
    "google.protobuf": ("protobuf",),
    "google_auth_httplib2": ("google-auth-httplib2",),
    "googleapiclient": ("google-api-python-client",),
    "gridfs": ("pymongo",),
    "grpc": ("grpcio",),
    "grpc_status": ("grpcio-status",),
    "hydra": ("hydra-core",),
    "imblearn": ("imbalanced-learn",),
    "jenkins": ("python-jenkins",),
    "jose": ("python-jose",),
    "jwt": ("PyJWT",),
    "keystone": ("keystone-engine",),
    "ldap": ("python-ldap",),
    "llama_cpp": ("llama-cpp-python",),
    "magic": ("python-magic",),
    "markdown_it": ("markdown-it-py",),
    "memcache": ("python-memcached",),
    "mpl_toolkits": ("matplotlib",),
    "multipart": ("python-multipart",),
    "mysql": ("mysql-connector-python",),
    "nacl": ("PyNaCl",),
    "newspaper": ("newspaper3k",),
    "nmap": ("python-nmap",),
    "osgeo": ("GDAL",),
    "paho": ("paho-mqtt",),
    "past": ("future",),
    "pdfminer": ("pdfminer.six",),
    "pkg_resources": ("setuptools",),
    "pptx": ("python-pptx",),
    "psycopg2": ("psycopg2", "psycopg2-binary"),
    "pwn": ("pwntools",),
    "pyannotate_runtime": ("pyannotate",),
    "pydrive": ("PyDrive",),
    "pythoncom": ("pywin32",),
    "pywintypes": ("pywin32",),
    "readability": ("readability-lxml",),
    "rest_framework": ("djangorestframework",),
    "rest_framework_simplejwt": ("djangorestframework-simplejwt",),
    "serial": ("pyserial",),
    "skimage": ("scikit-image",),
    "sklearn": ("scikit-learn",),
    "slack": ("slackclient",),
    "slugify": ("python-slugify",),
    "smb": ("pysmb",),
    "snowflake": ("snowflake-connector-python",),
    "socketio": ("python-socketio",),
    "socks": ("PySocks",),
    "sockshandler": ("PySocks",),
    "speech_recognition": ("SpeechRecognition",),
    "sqlcipher3": ("sqlcipher3", "sqlcipher3-binary"),
    "storages": ("django-storages",),
    "surprise": ("scikit-surprise",),
    "talib": ("TA-Lib",),
    "telebot": ("pyTelegramBotAPI",),
    "telegram": ("python-telegram-bot",),
    "umap": ("umap-learn",),
    "usb": ("pyusb",),
    "vlc": ("python-vlc",),
    "websocket": ("websocket-client",),
    "webview": ("pywebview",),
    "win32api": ("pywin32",),
    "win32com": ("pywin32",),
    "win32con": ("pywin32",),
    "win32gui": ("pywin32",),
    "wx": ("wxPython",),
    "yaml": ("PyYAML",),
    "yara": ("yara-python",),
    "z3": ("z3-solver",),
    "zmq": ("pyzmq",),
}

ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(_TABLE)
"""Import name (a top-level module or a dotted prefix) → the distributions that provide it."""


def alias_for(module: str) -> tuple[str, ...]:
    """The distributions of the longest listed prefix of ``module`` (``google.protobuf.message``)."""
    parts = module.split(".")
    for index in range(len(parts), 0, -1):
        found = _TABLE.get(".".join(parts[:index]))
        if found:
            return found
    return ()
