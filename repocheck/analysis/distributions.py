"""Which distribution provides an import: ``import cv2`` is satisfied by ``opencv-python``.

REPRO003 compares what the code imports with what the dependency files declare; the two use
different names, and this table and these functions translate between them.
"""

from __future__ import annotations

from collections.abc import Iterable

from repocheck.patterns import compile_on_use


def canonicalize_name(name: str) -> str:
    """The PEP 503 normal form of a distribution name (``Scikit_Learn`` -> ``scikit-learn``)."""
    # packaging loads on first use: importing it costs more than most rules take to run.
    from packaging.utils import canonicalize_name as canonical

    return canonical(name)


# Import names that differ from the distribution that provides them. A trailing "*" accepts
# any distribution with that prefix (opencv-python-headless, tensorflow-cpu, faiss-gpu ...);
# the first entry is always a concrete name, the one to suggest.
IMPORT_TO_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "sklearn": ("scikit-learn", "sklearn"),
    "cv2": ("opencv-python", "opencv-*", "py-opencv", "opencv"),  # conda: opencv
    "PIL": ("pillow", "pil"),
    "yaml": ("pyyaml",),
    "skimage": ("scikit-image",),
    "bs4": ("beautifulsoup4", "bs4"),
    "osgeo": ("gdal",),  # GDAL's Python bindings: from osgeo import gdal
    "pytorch_grad_cam": ("grad-cam",),  # jacobgil/pytorch-grad-cam: pip install grad-cam
    "mujoco_playground": ("playground",),  # MuJoCo Playground: pip install playground
    "kafka": ("kafka-python", "kafka-python-ng"),  # and its maintained fork, kafka-python-ng
    "dotenv": ("python-dotenv",),
    "upath": ("universal-pathlib",),  # fsspec-backed pathlib: pip install universal-pathlib
    "torch": ("torch", "pytorch", "pytorch-cpu"),
    "tensorflow": ("tensorflow", "tensorflow*", "tf-nightly*"),
    "keras": ("keras", "tensorflow*", "tf-keras", "keras-nightly"),
    # Nightly builds publish under their own names: tb-nightly installs tensorboard.
    "tensorboard": ("tensorboard", "tb-nightly"),
    "git": ("gitpython",),
    "github": ("pygithub",),
    "attr": ("attrs",),
    "cattr": ("cattrs",),  # cattrs' older module name, still shipped: pip install cattrs
    "dateutil": ("python-dateutil",),
    "jwt": ("pyjwt",),
    "jose": ("python-jose",),  # PyPI's "jose" is an older, unrelated project
    # Socket.IO's and Engine.IO's Python packages; PyPI's "socketio" is an old, unrelated one.
    "socketio": ("python-socketio",),
    "engineio": ("python-engineio",),
    "bson": ("pymongo",),  # ships inside pymongo; PyPI's "bson" is another one that breaks it
    "serial": ("pyserial",),
    "Crypto": ("pycryptodome", "pycrypto"),
    "OpenSSL": ("pyopenssl",),
    "magic": ("python-magic",),
    "docx": ("python-docx",),
    "pptx": ("python-pptx",),
    "fitz": ("pymupdf",),
    "zmq": ("pyzmq",),
    "umap": ("umap-learn",),
    "tabula": ("tabula-py",),  # PyPI's "tabula" is an unrelated project
    "preprocessor": ("tweet-preprocessor", "preprocessor"),  # import preprocessor as p
    "imblearn": ("imbalanced-learn",),
    "mpl_toolkits": ("matplotlib",),
    "faiss": ("faiss-cpu", "faiss*"),
    "Levenshtein": ("levenshtein", "python-levenshtein"),
    "Bio": ("biopython",),
    "wx": ("wxpython",),
    "absl": ("absl-py",),
    "hydra": ("hydra-core",),
    "gin": ("gin-config",),  # Google's gin-config: pip install gin-config
    "whisper": ("openai-whisper",),  # OpenAI's Whisper: pip install openai-whisper
    "skopt": ("scikit-optimize",),
    "bayes_opt": ("bayesian-optimization",),  # pip install bayesian-optimization
    # PyBullet's data files (URDFs, meshes) and its gym environments ship in the one wheel.
    "pybullet_data": ("pybullet",),
    "pybullet_envs": ("pybullet",),
    "pybullet_utils": ("pybullet",),
    # TorchServe's handlers import its `ts` package (`from ts.torch_handler... import ...`).
    "ts": ("torchserve",),
    "pyart": ("arm-pyart",),  # the ARM Radar Toolkit: pip install arm-pyart
    "neuralop": ("neuraloperator",),  # neural operators (FNO): pip install neuraloperator
    "skvideo": ("scikit-video",),
    "pywt": ("pywavelets",),  # wavelet transforms: pip install PyWavelets
    "iterstrat": ("iterative-stratification",),  # multilabel stratified k-fold splits
    "sklift": ("scikit-uplift",),  # uplift models and metrics: pip install scikit-uplift
    # strsim (0.0.x) installs `similarity`; its successor strsimpy imports as itself.
    "similarity": ("similarity", "strsim"),
    # Amazon's Chronos time-series models install as chronos-forecasting.
    "chronos": ("chronos", "chronos-forecasting"),
    "causallearn": ("causal-learn",),  # causal discovery: pip install causal-learn
    "sklearn_extra": ("scikit-learn-extra",),
    "pyro": ("pyro-ppl",),  # Uber's Pyro; Pyro4 and Pyro5 (remote objects) import otherwise
    "community": ("python-louvain",),  # import community as community_louvain
    "nemo": ("nemo-toolkit",),
    "cirq": ("cirq", "cirq-core"),
    "neptune": ("neptune", "neptune-client"),
    "mlflow": ("mlflow", "mlflow-skinny"),
    "thop": ("thop", "ultralytics-thop"),
    # Builds of one package published under the platform or accelerator they were made for.
    "dlib": ("dlib", "dlib-bin"),
    "open3d": ("open3d", "open3d-cpu"),
    "dgl": ("dgl", "dgl-cu*"),
    "pycocotools": ("pycocotools", "pycocotools-windows"),
    "xgboost": ("xgboost", "xgboost-cpu"),
    "haiku": ("dm-haiku",),
    "tree": ("dm-tree",),
    "psycopg2": ("psycopg2-binary", "psycopg2*"),
    "MySQLdb": ("mysqlclient",),
    "googleapiclient": ("google-api-python-client",),
    "speech_recognition": ("speechrecognition",),
    "telegram": ("python-telegram-bot",),
    "slugify": ("python-slugify",),
    "cupy": ("cupy-cuda12x", "cupy*"),
    "ruamel": ("ruamel-yaml",),
    "win32api": ("pywin32",),
    "nacl": ("pynacl",),
    "lightning_fabric": ("lightning-fabric", "lightning"),
    "grpc": ("grpcio",),
    "tensorflow_serving": ("tensorflow-serving-api",),
    "_pytest": ("pytest",),  # pytest's own internals, installed with it
    "pylab": ("matplotlib",),  # matplotlib's MATLAB-style namespace
    "rest_framework": ("djangorestframework",),
    "rest_framework_simplejwt": ("djangorestframework-simplejwt",),
    "corsheaders": ("django-cors-headers",),
    "keras_radam": ("keras-rectified-adam",),
    "synapseutils": ("synapseclient",),  # Synapse's utilities, a second package of its client
    # Satellite and weather data clients (crop yield and climate projects).
    "ee": ("earthengine-api",),  # Google Earth Engine: pip install earthengine-api
    "ecmwfapi": ("ecmwf-api-client",),  # ECMWF's MARS and ERA archives
    # A namespace of several distributions, each named for it and its part.
    "pyannote": ("pyannote-audio", "pyannote-*"),
    # The AWS CDK: v2 is one distribution, aws-cdk-lib; v1 one per part (aws-cdk.aws-ec2).
    "aws_cdk": ("aws-cdk-lib", "aws-cdk-*"),
    # Azure's SDK: one distribution per part of the azure namespace (azure-ai-textanalytics
    # installs azure.ai.textanalytics, azure-storage-blob azure.storage.blob).
    "azure": ("azure-*",),
    # PDF parsing for table extraction: pdfminer.six installs `pdfminer` (PyPI's "pdfminer" is
    # the unmaintained original); Adobe's PDF Services SDK installs the `adobe` namespace.
    "pdfminer": ("pdfminer-six", "pdfminer"),
    "adobe": ("pdfservices-sdk",),
}
#: Modules only the program that runs the script provides: debuggers (a helper Flutter
#: generates for LLDB, gdb pretty-printers), editors, IDA's scripting API and the Triton
#: Inference Server's Python backend (the ``model.py`` it serves). No package index installs
#: them, so no requirements file can declare them.
HOST_PROVIDED = frozenset(
    {"lldb", "gdb", "vim", "sublime", "sublime_plugin", "idaapi", "idc", "idautils"}
    | {"triton_python_backend_utils"}
)
#: Imports no requirements file can satisfy or needs to: namespaces shared by many
#: distributions, the build tooling itself, what Colab, Kaggle or Jupyter provide, what a host
#: program provides, and the running script itself (``import __main__``).
UNCHECKED_IMPORTS = frozenset(
    {"google", "pkg_resources", "setuptools", "pip", "kaggle_secrets", "kaggle_datasets"}
    | {"__main__"}
    | HOST_PROVIDED
)
#: Python 2's standard library: a py2 import that still parses is not a missing package.
PYTHON2_STDLIB = frozenset(
    {"urllib2", "urlparse", "cPickle", "cStringIO", "StringIO", "ConfigParser", "Queue"}
    | {"httplib", "HTMLParser", "Tkinter", "tkMessageBox", "__builtin__", "cookielib"}
    | {"SocketServer", "xmlrpclib", "thread", "commands", "copy_reg", "urllib2_ssl"}
)
#: Provided by the notebook environment itself, but only to notebooks.
NOTEBOOK_PROVIDED = frozenset({"IPython", "ipykernel", "ipywidgets", "matplotlib_inline"})


def distributions_for(import_name: str) -> tuple[str, ...]:
    """Distribution names (canonical, maybe ending in ``*``) that provide ``import_name``."""
    known = IMPORT_TO_DISTRIBUTIONS.get(import_name, ())
    return tuple(dict.fromkeys((*known, canonicalize_name(import_name))))


def suggested_distribution(import_name: str) -> str:
    """The distribution to declare for ``import_name`` (``cv2`` -> ``opencv-python``)."""
    return distributions_for(import_name)[0]


#: Distributions that every install of another one brings along (its hard requirements):
#: ``import numpy`` works wherever pandas is declared, so it is not undeclared in practice.
INSTALLED_WITH: dict[str, tuple[str, ...]] = {
    "numpy": (
        "pandas", "scipy", "scikit-learn", "scikit-image", "matplotlib", "seaborn", "opencv-*",
        "tensorflow*", "keras", "xgboost", "lightgbm", "h5py", "numba", "statsmodels",
        "torchvision", "transformers", "jax", "mlflow", "gradio", "ultralytics", "streamlit",
        "supervision", "deepface", "fastai",
    ),
    "scipy": (
        "scikit-learn", "scikit-image", "statsmodels", "xgboost", "lightgbm", "mlflow",
        "ultralytics", "supervision", "fastai",
    ),
    # The fine-tuning stack: accelerate and peft require torch, trl requires accelerate (and
    # so torch), transformers and datasets; peft requires transformers and accelerate. A LoRA
    # project often leaves torch out on purpose, to install the CUDA build by hand.
    "torch": (
        "torchvision", "torchaudio", "lightning", "pytorch-lightning", "timm", "torchmetrics",
        "sentence-transformers", "ultralytics", "accelerate", "peft", "trl", "fastai",
    ),
    "transformers": ("sentence-transformers", "peft", "trl"),
    "accelerate": ("peft", "trl"),
    # Ultralytics' YOLO requires OpenCV, torchvision and the plotting stack; supervision
    # (its annotators and line counters) OpenCV and PyYAML; Streamlit pandas and Pillow.
    "opencv-python": ("ultralytics", "supervision", "deepface"),
    "torchvision": ("ultralytics", "fastai"),
    "pillow": (
        "torchvision", "matplotlib", "scikit-image", "gradio", "ultralytics", "streamlit",
        "deepface", "fastai",
    ),
    "pandas": (
        "seaborn", "statsmodels", "datasets", "mlflow", "yfinance", "gradio", "ultralytics",
        "streamlit", "deepface", "fastai",
    ),
    # MLflow (not mlflow-skinny) requires matplotlib for its plots.
    "matplotlib": ("seaborn", "ultralytics", "supervision", "fastai", "mlflow"),
    # Streamlit draws st.altair_chart with Altair, st.pydeck_chart with pydeck, and sends its
    # frames as Arrow: every release since 1.0 requires all three, so a dashboard's `import
    # altair as alt` works wherever streamlit is declared.
    "altair": ("streamlit",),
    "pydeck": ("streamlit",),
    "pyarrow": ("streamlit",),
    "cycler": ("matplotlib", "seaborn"),
    "kiwisolver": ("matplotlib", "seaborn"),
    "pyparsing": ("matplotlib", "seaborn"),
    "tensorboard": ("tensorflow*",),
    "joblib": ("scikit-learn",),
    "requests": (
        "transformers", "datasets", "huggingface-hub", "mlflow", "yfinance", "ultralytics",
        "streamlit", "deepface", "fastai",
        # azure-core, which the Azure SDK's clients require, sends its calls with requests.
        "azure-core", "azure-ai-*", "azure-storage-*", "azure-identity",
    ),
    # requests decodes with charset-normalizer (since 2.26) and sends through urllib3.
    "charset-normalizer": ("requests",),
    "urllib3": ("requests",),
    "idna": ("requests",),
    "certifi": ("requests",),
    # The notebook servers jupyter installs read notebooks with nbformat.
    "notebook": ("jupyter",),
    "nbformat": ("notebook", "jupyterlab", "nbconvert", "nbclient"),
    "nbconvert": ("jupyter", "notebook"),
    "tqdm": (
        "transformers", "datasets", "huggingface-hub", "ultralytics", "lightning",
        "pytorch-lightning", "deepface", "sentence-transformers", "implicit",
    ),
    # A music service's stack: Motor (asyncio MongoDB) is built on pymongo, librosa reads
    # audio with soundfile.
    "pymongo": ("motor",),
    "soundfile": ("librosa",),
    # Hydra composes its configs with OmegaConf: `from omegaconf import DictConfig` in a
    # Hydra app imports what every hydra-core requires.
    "omegaconf": ("hydra-core",),
    "pyyaml": (
        "transformers", "huggingface-hub", "lightning", "pytorch-lightning", "mlflow", "gradio",
        "ultralytics", "supervision", "fastai",
    ),
    "huggingface-hub": ("transformers", "datasets", "sentence-transformers", "gradio"),
    "datasets": ("flwr-datasets", "trl"),
    "torchmetrics": ("lightning", "pytorch-lightning"),
    # fastai requires fastcore (the `fastcore.all` helpers its course imports),
    # fastdownload (`download_url`), fastprogress, scikit-learn and spaCy beside the stack
    # above: the course's `from fastdownload import download_url` needs no line of its own.
    "fastcore": ("fastai",),
    "fastdownload": ("fastai",),
    "fastprogress": ("fastai",),
    "scikit-learn": ("fastai",),
    "spacy": ("fastai",),
    "ipython": ("ipykernel", "jupyter", "jupyterlab", "ipywidgets", "qtconsole"),
    # AWS's SDK: boto3 is built on botocore (``from botocore.exceptions import ClientError``),
    # and SageMaker's SDK on boto3. The FastAPI instrumentator exports prometheus_client's
    # metrics, which an app imports to define its own counters.
    "botocore": ("boto3", "sagemaker", "awscli"),
    "prometheus-client": ("prometheus-fastapi-instrumentator",),
    # FastAPI is built on Starlette: an app importing starlette.responses imports what FastAPI
    # requires, at the version FastAPI pins.
    "pydantic": ("fastapi", "sqlmodel"),
    "starlette": ("fastapi",),
    # Scaper writes each soundscape's annotation with JAMS, which it requires.
    "jams": ("scaper",),
    # Django (since 3.0), Channels and Daphne require asgiref: a Channels consumer's `from
    # asgiref.sync import async_to_sync` imports what the framework installs. Django also
    # requires sqlparse.
    "asgiref": ("django", "channels", "daphne"),
    "sqlparse": ("django",),
    # Airflow keeps its dates with pendulum, which a DAG imports for its start_date.
    "pendulum": ("apache-airflow",),
    "python-dateutil": ("pandas", "matplotlib"),
    "pytz": ("yfinance", "pandas"),
    # A Flask app imports what Flask and its extensions require: werkzeug's secure_filename,
    # Flask-WTF's WTForms fields; every extension requires Flask itself.
    "flask": ("flask-*", "deepface"),
    "werkzeug": ("flask",),
    "jinja2": ("flask",),
    "itsdangerous": ("flask", "flask-wtf"),
    "markupsafe": ("flask", "jinja2", "werkzeug"),
    "click": ("flask", "streamlit", "typer", "typer-slim"),
    "wtforms": ("flask-wtf",),
    # Typer prints through Rich: since 0.12 every install of typer brings rich and shellingham
    # (typer-slim, until 0.22, left them out), so a Typer CLI's `from rich import print` works.
    "rich": ("typer",),
    "shellingham": ("typer",),
    # Dash before 3.0 requires its component packages: a Dash 1.x app declaring dash imports
    # `dash_core_components as dcc` and `dash_html_components as html`.
    "dash-core-components": ("dash",),
    "dash-html-components": ("dash",),
    "dash-table": ("dash",),
    # DeepFace runs its detectors and recognisers on TensorFlow and requires the stack it
    # wraps (its requirements.txt since 2020): an app declaring deepface imports cv2, keras,
    # mtcnn or gdown as DeepFace installs them.
    "tensorflow": ("deepface",),
    "keras": ("deepface",),
    "gdown": ("deepface",),
    "mtcnn": ("deepface",),
    "retinaface": ("deepface",),
    "fire": ("deepface",),
    # The PDF table extractors read pages with pdfminer.six (camelot-py and pdfplumber require
    # it); LlamaParse's client requires llama-index-core, which requires nest-asyncio (the
    # `nest_asyncio.apply()` its notebooks run before parsing).
    "pdfminer-six": ("camelot-py", "pdfplumber"),
    "nest-asyncio": ("llama-parse", "llama-index-core", "llama-index"),
}  # fmt: skip


def _any_declared(wanted: tuple[str, ...], declared: frozenset[str]) -> bool:
    for name in wanted:
        if name.endswith("*"):
            if any(found.startswith(name[:-1]) for found in declared):
                return True
        elif name in declared:
            return True
    return False


def _squeezed(name: str) -> str:
    return "".join(char for char in name.lower() if char not in "-_.")


_PYPI_PREFIXES = ("python", "py")
#: Suffixes after a separator that name the language, not the package: neat-python installs
#: ``neat``, ffmpeg-python ``ffmpeg``, discord.py ``discord``.
_PYPI_SUFFIXES = ("-python", "-py")
#: Prefixes before a separator that name the publisher: the Apache Software Foundation's
#: projects publish as apache-airflow, apache-superset and install ``airflow``, ``superset``.
_PUBLISHER_PREFIXES = ("apache-",)


def _import_forms(distribution: str) -> tuple[str, ...]:
    """The squeezed import names a distribution may install under: its own name, that name
    without a "py" or "python-" prefix, without a "-python" or "-py" suffix after a separator,
    and without a publisher's "apache-" prefix (never shorter than two characters)."""
    squeezed = _squeezed(distribution)
    bare = next((squeezed[len(p) :] for p in _PYPI_PREFIXES if squeezed.startswith(p)), squeezed)
    canonical = canonicalize_name(distribution)
    stem = next((canonical[: -len(s)] for s in _PYPI_SUFFIXES if canonical.endswith(s)), "")
    project = next(
        (canonical[len(p) :] for p in _PUBLISHER_PREFIXES if canonical.startswith(p)), ""
    )
    forms = (squeezed, bare, _squeezed(stem), _squeezed(project))
    return tuple(dict.fromkeys(form for form in forms if len(form) >= 2 or form == squeezed))


#: A spaCy pipeline package (``en_core_web_sm``): ``python -m spacy download`` installs it from
#: spaCy's own releases, not from the package index.
_SPACY_MODEL = compile_on_use(r"^[a-z]{2,3}_core_(web|news|sci)_(sm|md|lg|trf)$")


def is_declared(import_name: str, declared: frozenset[str]) -> bool:
    """True when some declared distribution provides ``import_name``, or brings along one that
    does (``numpy`` with ``pandas``); a spaCy model counts as spaCy's."""
    provided_by = distributions_for(import_name)
    if _any_declared(provided_by, declared):
        return True
    if "spacy" in declared and _SPACY_MODEL.match(import_name):
        return True
    # clean-fid installs cleanfid: a distribution named like its import with separators added;
    # pyahocorasick installs ahocorasick, python-rapidjson rapidjson: PyPI's "py" prefixes.
    if _squeezed(import_name) in {form for name in declared for form in _import_forms(name)}:
        return True
    return any(_brought(name, declared, 3) for name in provided_by)


def _brought(name: str, declared: frozenset[str], hops: int) -> bool:
    """Whether a declared distribution brings ``name`` along, directly or through what it
    requires in turn (charset-normalizer with requests with transformers), within ``hops``."""
    bringers = INSTALLED_WITH.get(name, ())
    if _any_declared(bringers, declared):
        return True
    return hops > 1 and any(
        _brought(bringer, declared, hops - 1) for bringer in bringers if "*" not in bringer
    )


#: The fewest letters an import must have to be taken for the end or start of a repository's
#: name: shorter ones ("nn", "io") are pieces of many names.
_NAME_PIECE_LETTERS = 5


def repository_provides(import_name: str, repositories: Iterable[str]) -> bool:
    """Whether a version-control URL naming no distribution, by its repository's name in
    ``repositories``, likely installs ``import_name``: the repository is named for it, or for
    what it does around it (TransformDF2Numpy installs ``df2numpy``). An import known by
    another distribution's name (sklearn) is never taken this way."""
    if import_name in IMPORT_TO_DISTRIBUTIONS:
        return False
    wanted = _squeezed(import_name)
    names = [_squeezed(name) for name in repositories]
    if len(wanted) < _NAME_PIECE_LETTERS:
        return wanted in names
    return any(name.endswith(wanted) or name.startswith(wanted) for name in names)


def _one_inner_edit(typed: str, meant: str) -> bool:
    """True when ``typed`` is ``meant`` with one letter dropped, added, changed or swapped
    inside the name: the first and last letters stay, since a related package is most often
    the name with something added at an end (``torchx`` beside ``torch``). A plural's last
    ``s`` dropped is a typo too: packages are not named so after another."""
    if typed == meant or min(len(typed), len(meant)) < 5:
        return False
    if meant == f"{typed}s":
        return True  # a plural's last letter dropped (``panda`` for ``pandas``)
    if typed[0] != meant[0] or typed[-1] != meant[-1]:
        return False
    if len(typed) == len(meant):
        apart = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        swapped = len(apart) == 2 and apart[1] == apart[0] + 1
        return len(apart) == 1 or (swapped and typed[apart[0]] == meant[apart[1]])
    shorter, longer = sorted((typed, meant), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer) - 1))


def misspelling_of(typed: str, known: Iterable[str]) -> str | None:
    """The import among ``known`` that ``typed`` misspells (``sklarn`` -> ``sklearn``), if
    exactly one is a single edit inside the name away."""
    close = sorted({name for name in known if _one_inner_edit(typed, name)})
    return close[0] if len(close) == 1 else None
