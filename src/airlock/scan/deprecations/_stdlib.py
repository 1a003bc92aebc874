"""Standard-library deprecations by Python version, judged against the running interpreter.

Sources: the "Deprecated", "Pending removal" and "Removed" sections of each What's New
(3.7 to 3.14) and the library reference. Left out on purpose, because Ruff reports them
under ``deprecated-api`` already: the ``unittest`` aliases that UP005 knows
(``assertEquals`` ...), ``typing.Text`` (UP019), ``xml.etree.cElementTree`` (UP023),
``logging.warn``/``Logger.warn`` (G010) and imports that UP035 rewrites. ``os.popen`` is
not deprecated. ``json.loads(encoding=)`` is an unknown keyword, which is the
``hallucinated-api`` rule's business.
"""

from __future__ import annotations

from airlock.scan.deprecations._model import Condition, Deprecation, Kind

__all__ = ["STDLIB"]

_PEP594 = "PEP 594 (dead batteries)"


def _module(name: str, since: str, removed: str | None, use: str, note: str | None = None) -> Deprecation:
    return Deprecation(name, use, since=since, removed=removed, kind=Kind.MODULE, note=note)


def _moved(name: str, since: str, removed: str | None, use: str, note: str | None = None) -> Deprecation:
    return Deprecation(name, use, since=since, removed=removed, kind=Kind.MOVED, note=note)


_ABCS = [
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Hashable",
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Sequence",
    "MutableSequence",
]

_DEAD_BATTERIES: dict[str, str] = {
    "aifc": "a maintained audio library such as `soundfile`",
    "audioop": "the `audioop-lts` package or `numpy`",
    "cgi": "your web framework's request parsing (or the `multipart` package)",
    "cgitb": "`traceback` and `faulthandler` (or your framework's error pages)",
    "chunk": "a few lines of `struct` code",
    "crypt": "`hashlib.scrypt`, or `bcrypt`/`argon2-cffi` for passwords",
    "imghdr": "`filetype`, `puremagic` or Pillow's `Image.open(...).format`",
    "mailcap": "`mimetypes`",
    "msilib": "a packaging tool that builds MSI files (WiX)",
    "nis": "an LDAP or NSS client library",
    "nntplib": "the `pynntp` package",
    "ossaudiodev": "a maintained audio library (`sounddevice`, PyAudio)",
    "pipes": "`subprocess` with an argument list (`shlex.quote` for quoting)",
    "sndhdr": "`filetype` or `puremagic`",
    "spwd": "`python-pam` or the system's PAM",
    "sunau": "a maintained audio library such as `soundfile`",
    "telnetlib": "`telnetlib3` or `Exscript` (or SSH with `asyncssh`/`paramiko`)",
    "uu": "`base64`",
    "xdrlib": "`struct`, or a maintained XDR package",
}

_SSL_CONTEXT = "an `ssl.SSLContext` from `ssl.create_default_context()`, passed as `context=`"

STDLIB: tuple[Deprecation, ...] = (
    # --- whole modules --------------------------------------------------------------
    _module("imp", "3.4", "3.12", "`importlib` (`importlib.import_module`, `importlib.reload`, `importlib.util`)"),
    _module(
        "distutils",
        "3.10",
        "3.12",
        "`setuptools` for building, `sysconfig` for paths, `packaging.version` for versions, `shutil` for files",
        "PEP 632 lists a replacement for every distutils function.",
    ),
    _moved("distutils.version.LooseVersion", "3.10", "3.12", "`packaging.version.Version`"),
    _moved("distutils.version.StrictVersion", "3.10", "3.12", "`packaging.version.Version`"),
    _moved("distutils.spawn.find_executable", "3.10", "3.12", "`shutil.which`"),
    _moved("distutils.dir_util.copy_tree", "3.10", "3.12", "`shutil.copytree(src, dst, dirs_exist_ok=True)`"),
    _moved("distutils.util.strtobool", "3.10", "3.12", "an explicit `value.lower() in {'1', 'true', 'yes', 'on'}`"),
    _moved("distutils.core.setup", "3.10", "3.12", "`setuptools.setup`"),
    _moved("distutils.sysconfig.get_python_lib", "3.10", "3.12", "`sysconfig.get_paths()['purelib']`"),
    _module("asyncore", "3.6", "3.12", "`asyncio`"),
    _module("asynchat", "3.6", "3.12", "`asyncio` streams"),
    _module("smtpd", "3.6", "3.12", "the `aiosmtpd` package"),
    *(_module(name, "3.11", "3.13", use, _PEP594) for name, use in _DEAD_BATTERIES.items()),
    _moved("cgi.escape", "3.2", "3.8", "`html.escape`"),
    _moved(
        "cgi.parse_header", "3.11", "3.13", "`email.message.Message` (`msg['content-type'] = value; msg.get_params()`)"
    ),
    _moved("pipes.quote", "3.11", "3.13", "`shlex.quote`"),
    _module("lib2to3", "3.11", "3.13", "`ast`, or LibCST/parso for round-trip rewriting"),
    _module("tkinter.tix", "3.6", "3.13", "`tkinter.ttk`"),
    _module("sre_compile", "3.11", None, "`re`"),
    _module("sre_parse", "3.11", None, "`re`"),
    _module("sre_constants", "3.11", None, "`re`"),
    _module("formatter", "3.4", "3.10", "your own formatting code"),
    _module("parser", "3.9", "3.10", "`ast`"),
    _module("symbol", "3.9", "3.10", "`ast`"),
    _module("binhex", "3.9", "3.11", "`base64` or `binascii`"),
    _module("macpath", "3.7", "3.8", "`posixpath`"),
    _module("dummy_threading", "3.7", "3.9", "`threading`"),
    # --- collections and typing -----------------------------------------------------
    *(_moved(f"collections.{abc}", "3.3", "3.10", f"`collections.abc.{abc}`") for abc in _ABCS),
    Deprecation(
        "typing.ByteString",
        "`collections.abc.Buffer` (3.12+) or `bytes | bytearray | memoryview`",
        since="3.9",
        removed="3.14",
    ),
    Deprecation(
        "collections.abc.ByteString",
        "`collections.abc.Buffer` (3.12+) or `bytes | bytearray | memoryview`",
        since="3.12",
        removed="3.14",
    ),
    Deprecation("typing.re.Pattern", "`re.Pattern`", since="3.8", removed="3.13", aliases=("typing.re.Match",)),
    Deprecation(
        "typing.io.IO", "`typing.IO`", since="3.8", removed="3.13", aliases=("typing.io.TextIO", "typing.io.BinaryIO")
    ),
    Deprecation("typing.no_type_check_decorator", "`typing.no_type_check`", since="3.13", removed="3.15"),
    Deprecation("typing.AnyStr", "a type parameter: `def f[T: (str, bytes)](x: T) -> T`", since="3.13", removed="3.18"),
    Deprecation("abc.abstractproperty", "`@property` over `@abc.abstractmethod`", since="3.3"),
    Deprecation("abc.abstractclassmethod", "`@classmethod` over `@abc.abstractmethod`", since="3.3"),
    Deprecation("abc.abstractstaticmethod", "`@staticmethod` over `@abc.abstractmethod`", since="3.3"),
    # --- datetime, time, locale -----------------------------------------------------
    Deprecation(
        "datetime.datetime.utcnow",
        "`datetime.datetime.now(datetime.UTC)`",
        since="3.12",
        note="utcnow() returns a naive datetime that compares wrongly with aware ones; "
        "`datetime.timezone.utc` works on every Python 3.",
    ),
    Deprecation(
        "datetime.datetime.utcfromtimestamp",
        "`datetime.datetime.fromtimestamp(ts, datetime.UTC)`",
        since="3.12",
    ),
    Deprecation("time.clock", "`time.perf_counter()` (or `time.process_time()`)", since="3.3", removed="3.8"),
    Deprecation(
        "locale.getdefaultlocale",
        "`locale.setlocale(locale.LC_ALL, '')` with `locale.getlocale()`, or `locale.getencoding()`",
        since="3.11",
        removed="3.15",
    ),
    Deprecation("locale.resetlocale", "`locale.setlocale(locale.LC_ALL, '')`", since="3.11", removed="3.13"),
    Deprecation("locale.format", "`locale.format_string`", since="3.7", removed="3.12"),
    # --- asyncio --------------------------------------------------------------------
    Deprecation(
        "asyncio.get_event_loop",
        "`asyncio.run(main())`, `asyncio.get_running_loop()` inside coroutines, or `asyncio.new_event_loop()`",
        since="3.10",
        condition=Condition.SYNC_CALL,
        note="Without a running loop it warns since 3.10/3.12 and raises RuntimeError from 3.14.",
    ),
    Deprecation("asyncio.coroutine", "`async def`", since="3.8", removed="3.11"),
    Deprecation("asyncio.Task.current_task", "`asyncio.current_task()`", since="3.7", removed="3.9"),
    Deprecation("asyncio.Task.all_tasks", "`asyncio.all_tasks()`", since="3.7", removed="3.9"),
    Deprecation(
        "asyncio.sleep",
        "drop the argument (the running loop is used)",
        since="3.8",
        removed="3.10",
        kind=Kind.KEYWORD,
        keywords=("loop",),
        aliases=tuple(
            f"asyncio.{name}"
            for name in [
                "wait_for",
                "wait",
                "gather",
                "shield",
                "as_completed",
                "open_connection",
                "start_server",
                "open_unix_connection",
                "start_unix_server",
                "create_subprocess_exec",
                "create_subprocess_shell",
                "Queue",
                "LifoQueue",
                "PriorityQueue",
                "Lock",
                "Event",
                "Condition",
                "Semaphore",
                "BoundedSemaphore",
            ]
        ),
    ),
    *(
        Deprecation(
            f"asyncio.{name}",
            "`asyncio.run(main(), loop_factory=...)` or `asyncio.Runner(loop_factory=...)`",
            since="3.14",
            removed="3.16",
        )
        for name in (
            "get_event_loop_policy",
            "set_event_loop_policy",
            "AbstractEventLoopPolicy",
            "DefaultEventLoopPolicy",
            "WindowsSelectorEventLoopPolicy",
            "WindowsProactorEventLoopPolicy",
        )
    ),
    Deprecation("asyncio.iscoroutinefunction", "`inspect.iscoroutinefunction`", since="3.14", removed="3.16"),
    # --- threading ------------------------------------------------------------------
    Deprecation("threading.Thread.isAlive", "`Thread.is_alive()`", since="3.8", removed="3.9", untyped=True),
    Deprecation("threading.currentThread", "`threading.current_thread()`", since="3.10"),
    Deprecation("threading.activeCount", "`threading.active_count()`", since="3.10"),
    Deprecation(
        "threading.Thread.setDaemon", "`thread.daemon = True` (or `Thread(daemon=True)`)", since="3.10", untyped=True
    ),
    Deprecation("threading.Thread.isDaemon", "the `thread.daemon` attribute", since="3.10"),
    Deprecation("threading.Thread.getName", "the `thread.name` attribute", since="3.10"),
    Deprecation("threading.Thread.setName", "the `thread.name` attribute", since="3.10"),
    Deprecation("threading.Event.isSet", "`Event.is_set()`", since="3.10", untyped=True),
    Deprecation("threading.Condition.notifyAll", "`Condition.notify_all()`", since="3.10", untyped=True),
    # --- ssl and TLS keywords -------------------------------------------------------
    Deprecation(
        "ssl.wrap_socket",
        "`ssl.create_default_context().wrap_socket(sock, server_hostname=host)`",
        since="3.7",
        removed="3.12",
    ),
    Deprecation("ssl.match_hostname", "`SSLContext.check_hostname = True`", since="3.7", removed="3.12"),
    *(
        Deprecation(f"ssl.{name}", "`ssl.PROTOCOL_TLS_CLIENT` or `ssl.PROTOCOL_TLS_SERVER`", since="3.10")
        for name in ("PROTOCOL_TLS", "PROTOCOL_SSLv23", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_TLSv1_2")
    ),
    *(
        Deprecation(f"ssl.{name}", "`context.minimum_version = ssl.TLSVersion.TLSv1_2`", since="3.7")
        for name in ("OP_NO_SSLv2", "OP_NO_SSLv3", "OP_NO_TLSv1", "OP_NO_TLSv1_1", "OP_NO_TLSv1_2", "OP_NO_TLSv1_3")
    ),
    Deprecation(
        "ssl.SSLContext",
        "`ssl.create_default_context()` (or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`)",
        since="3.10",
        condition=Condition.NO_ARGS,
    ),
    Deprecation(
        "smtplib.SMTP.starttls",
        _SSL_CONTEXT,
        since="3.6",
        removed="3.12",
        kind=Kind.KEYWORD,
        keywords=("keyfile", "certfile"),
        aliases=(
            "smtplib.SMTP_SSL",
            "ftplib.FTP_TLS",
            "imaplib.IMAP4_SSL",
            "poplib.POP3_SSL",
        ),
    ),
    Deprecation(
        "http.client.HTTPSConnection",
        _SSL_CONTEXT,
        since="3.6",
        removed="3.12",
        kind=Kind.KEYWORD,
        keywords=("key_file", "cert_file", "check_hostname"),
    ),
    Deprecation(
        "urllib.request.urlopen",
        _SSL_CONTEXT + " (`ssl.create_default_context(cafile=...)`)",
        since="3.6",
        removed="3.13",
        kind=Kind.KEYWORD,
        keywords=("cafile", "capath", "cadefault"),
    ),
    # --- unittest, inspect, importlib, pkgutil -------------------------------------
    Deprecation(
        "unittest.TestCase.assertDictContainsSubset",
        "`self.assertLessEqual(subset.items(), actual.items())`",
        since="3.2",
        removed="3.12",
    ),
    *(
        Deprecation(
            f"unittest.{name}",
            "`unittest.TestLoader().loadTestsFromTestCase(...)`/`loadTestsFromModule(...)`",
            since="3.11",
            removed="3.13",
        )
        for name in ("makeSuite", "findTestCases", "getTestCaseNames")
    ),
    Deprecation("inspect.getargspec", "`inspect.signature` (or `inspect.getfullargspec`)", since="3.0", removed="3.11"),
    Deprecation("inspect.formatargspec", "`str(inspect.signature(func))`", since="3.5", removed="3.11"),
    Deprecation("importlib.find_loader", "`importlib.util.find_spec`", since="3.4", removed="3.12"),
    Deprecation("pkgutil.find_loader", "`importlib.util.find_spec`", since="3.12", removed="3.14"),
    Deprecation("pkgutil.get_loader", "`importlib.util.find_spec(name).loader`", since="3.12", removed="3.14"),
    Deprecation("pkgutil.ImpImporter", "`importlib.machinery.FileFinder`", since="3.3", removed="3.12"),
    *(
        Deprecation(
            f"importlib.resources.{name}",
            "`importlib.resources.files(package).joinpath(name)` and its `open()`/`read_text()`/`read_bytes()`",
            since="3.11",
            restored="3.13",
            note="Python 3.13 un-deprecated these functions (they take several path parts now).",
        )
        for name in ("open_text", "open_binary", "read_text", "read_binary", "path", "is_resource")
    ),
    Deprecation(
        "importlib.resources.contents",
        "`importlib.resources.files(package).iterdir()`",
        since="3.11",
    ),
    Deprecation(
        "importlib.metadata.entry_points",
        "`importlib.metadata.entry_points(group='...')`",
        since="3.10",
        removed="3.12",
        condition=Condition.MAPPING_USE,
    ),
    # --- text, data, files ----------------------------------------------------------
    Deprecation("base64.encodestring", "`base64.encodebytes`", since="3.1", removed="3.9"),
    Deprecation("base64.decodestring", "`base64.decodebytes`", since="3.1", removed="3.9"),
    _moved("configparser.SafeConfigParser", "3.2", "3.12", "`configparser.ConfigParser`"),
    Deprecation(
        "configparser.RawConfigParser.readfp",
        "`read_file`",
        since="3.2",
        removed="3.12",
        aliases=("configparser.ConfigParser.readfp", "configparser.SafeConfigParser.readfp"),
        untyped=True,
    ),
    Deprecation(
        "tempfile.mktemp",
        "`tempfile.mkstemp()` or `tempfile.NamedTemporaryFile()`",
        since="2.3",
        note="The name can be taken by another process between mktemp() and open().",
    ),
    Deprecation(
        "xml.etree.ElementTree.Element.getchildren",
        "`list(element)`",
        since="3.2",
        removed="3.9",
        untyped=True,
    ),
    Deprecation(
        "xml.etree.ElementTree.Element.getiterator",
        "`element.iter()`",
        since="3.2",
        removed="3.9",
        aliases=("xml.etree.ElementTree.ElementTree.getiterator",),
        untyped=True,
    ),
    Deprecation("html.parser.HTMLParser.unescape", "`html.unescape`", since="3.4", removed="3.9"),
    Deprecation(
        "platform.linux_distribution",
        "`platform.freedesktop_os_release()` or the `distro` package",
        since="3.5",
        removed="3.8",
    ),
    Deprecation(
        "platform.dist", "`platform.freedesktop_os_release()` or the `distro` package", since="3.5", removed="3.8"
    ),
    Deprecation("os.errno", "`import errno`", removed="3.7"),
    Deprecation("sys.setcheckinterval", "`sys.setswitchinterval`", since="3.2", removed="3.9"),
    Deprecation("sys.getcheckinterval", "`sys.getswitchinterval`", since="3.2", removed="3.9"),
    Deprecation("plistlib.readPlist", "`plistlib.load`", since="3.4", removed="3.9"),
    Deprecation("plistlib.writePlist", "`plistlib.dump`", since="3.4", removed="3.9"),
    Deprecation("plistlib.readPlistFromBytes", "`plistlib.loads`", since="3.4", removed="3.9"),
    Deprecation("plistlib.writePlistToBytes", "`plistlib.dumps`", since="3.4", removed="3.9"),
    Deprecation("fractions.gcd", "`math.gcd`", since="3.5", removed="3.9"),
    Deprecation("array.array.tostring", "`array.tobytes()`", since="3.2", removed="3.9"),
    Deprecation("array.array.fromstring", "`array.frombytes()`", since="3.2", removed="3.9"),
    Deprecation("zipfile.BadZipfile", "`zipfile.BadZipFile`", since="3.2"),
    Deprecation("re.template", "`re.compile`", since="3.11", removed="3.13"),
    Deprecation("re.TEMPLATE", "drop the flag (it has no effect)", since="3.11", removed="3.13"),
    Deprecation("sqlite3.OptimizedUnicode", "`str` (the default text factory)", since="3.10", removed="3.12"),
    Deprecation("sqlite3.enable_shared_cache", "a `file:...?cache=shared` URI", since="3.10", removed="3.12"),
    Deprecation("sqlite3.version", "`sqlite3.sqlite_version`", since="3.12", removed="3.14"),
    Deprecation("sqlite3.version_info", "`sqlite3.sqlite_version_info`", since="3.12", removed="3.14"),
    Deprecation("pathlib.Path.link_to", "`Path.hardlink_to` (arguments reversed)", since="3.10", removed="3.12"),
    Deprecation("http.server.CGIHTTPRequestHandler", "a WSGI or ASGI server", since="3.13", removed="3.15"),
    Deprecation("codecs.open", "the built-in `open(path, encoding=...)`", since="3.14"),
    *(
        Deprecation(f"ast.{name}", "`ast.Constant`", since="3.8", removed="3.14")
        for name in ("Num", "Str", "Bytes", "NameConstant", "Ellipsis")
    ),
    Deprecation(
        "shutil.rmtree",
        "`onexc=` (it receives the exception itself)",
        since="3.12",
        kind=Kind.KEYWORD,
        keywords=("onerror",),
    ),
    Deprecation(
        "traceback.format_exception",
        "pass the exception as the first positional argument",
        since="3.5",
        removed="3.10",
        kind=Kind.KEYWORD,
        keywords=("etype",),
        aliases=("traceback.print_exception",),
    ),
)
