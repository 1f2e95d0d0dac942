from repocheck.analysis.distributions import (
    canonicalize_name,
    is_declared,
    misspelling_of,
    suggested_distribution,
)


def test_one_edit_inside_a_name_is_a_misspelling() -> None:
    assert misspelling_of("sklarn", {"sklearn", "numpy"}) == "sklearn"
    assert misspelling_of("nmupy", {"numpy"}) == "numpy"
    assert misspelling_of("matplotib", {"matplotlib"}) == "matplotlib"


def test_related_names_are_no_misspellings() -> None:
    assert misspelling_of("pandsa", {"pandas"}) is None  # the last letter moved: not inside
    assert misspelling_of("torchx", {"torch"}) is None  # something added at an end
    assert misspelling_of("jaxl", {"jax"}) is None  # too short to tell
    assert misspelling_of("pytorch", {"torch"}) is None


def test_a_flask_app_imports_what_flask_and_its_extensions_install() -> None:
    # A Flask demo pinning Flask and Flask-WTF imports wtforms' fields and werkzeug's
    # secure_filename: each is a hard requirement of what it declares.
    declared = frozenset({"flask", "flask-wtf"})
    for name in ("wtforms", "werkzeug", "jinja2", "itsdangerous", "markupsafe", "click"):
        assert is_declared(name, declared), name
    assert is_declared("flask", frozenset({"flask-login"}))
    # Flask itself does not bring WTForms, nor an extension another one.
    assert not is_declared("wtforms", frozenset({"flask"}))
    assert not is_declared("flask_login", frozenset({"flask-wtf"}))


def test_a_fastapi_app_imports_what_fastapi_installs() -> None:
    # A FastAPI demo declaring fastapi imports starlette's FileResponse: FastAPI is built on
    # Starlette and requires it, at the version it was made for.
    declared = frozenset({"fastapi", "uvicorn"})
    for name in ("starlette", "pydantic"):
        assert is_declared(name, declared), name
    # Starlette does not bring FastAPI, and uvicorn alone brings neither.
    assert not is_declared("fastapi", frozenset({"starlette"}))
    assert not is_declared("starlette", frozenset({"uvicorn"}))


def test_a_face_recognition_app_imports_what_deepface_installs() -> None:
    # A Streamlit attendance app declaring deepface>=0.0.75 imports cv2, tensorflow, keras,
    # gdown and mtcnn: DeepFace requires each of them, so the one line installs them all.
    declared = frozenset({"deepface", "streamlit", "scikit-learn"})
    for name in ("cv2", "tensorflow", "keras", "gdown", "mtcnn", "retinaface", "numpy", "pandas"):
        assert is_declared(name, declared), name
    # DeepFace brings no PyTorch, and what it requires does not bring DeepFace.
    assert not is_declared("torch", declared)
    assert not is_declared("deepface", frozenset({"tensorflow", "mtcnn"}))


def test_a_video_analytics_app_imports_what_ultralytics_and_streamlit_install() -> None:
    # A Streamlit people counter declaring ultralytics, streamlit and supervision imports cv2,
    # PIL and numpy: each is a hard requirement of what it declares.
    declared = frozenset({"ultralytics", "streamlit", "supervision"})
    for name in ("cv2", "PIL", "numpy", "yaml", "scipy", "torch", "torchvision", "pandas"):
        assert is_declared(name, declared), name
    for name in ("cv2", "numpy", "yaml", "scipy", "matplotlib"):
        assert is_declared(name, frozenset({"supervision"})), name
    for name in ("PIL", "numpy", "pandas", "click"):
        assert is_declared(name, frozenset({"streamlit"})), name
    # Streamlit brings no OpenCV, and neither brings a tracker.
    assert not is_declared("cv2", frozenset({"streamlit"}))
    assert not is_declared("deep_sort_realtime", declared)
    assert not is_declared("filterpy", declared)


def test_a_namespace_package_is_declared_by_its_distribution() -> None:
    # `from pyannote.audio import Pipeline` beside a requirements file's pyannote.audio==1.1.1
    # (pyannote-audio once canonical): the namespace's distributions carry its name and a part.
    assert is_declared("pyannote", frozenset({"pyannote-audio"}))
    assert is_declared("pyannote", frozenset({"pyannote-core"}))
    assert not is_declared("pyannote", frozenset({"pyaudio"}))


def test_the_azure_namespace_is_declared_by_any_of_its_distributions() -> None:
    # A medical coding project's conda.yml lists azure-ai-textanalytics and azure-ai-ml under
    # pip; its notebooks `from azure.ai.textanalytics import TextAnalyticsClient` and
    # `import requests`, which azure-core (required by both) installs.
    declared = frozenset({"azure-ai-textanalytics", "azure-ai-ml"})
    assert is_declared("azure", declared)
    assert is_declared("requests", declared)
    assert not is_declared("azure", frozenset({"azureml"}))
    assert not is_declared("requests", frozenset({"azureml"}))


def test_a_second_module_of_one_distribution_is_declared_by_it() -> None:
    # A BraTS download notebook: `import synapseclient` and `import synapseutils`, both
    # installed by `pip install synapseclient`; there is no synapseutils to declare.
    assert is_declared("synapseutils", frozenset({"synapseclient"}))
    assert suggested_distribution("synapseutils") == "synapseclient"


def test_a_typer_cli_imports_what_typer_installs() -> None:
    # A Typer CLI declaring typer prints with `from rich import print` and a progress bar from
    # rich.progress: since 0.12 every install of typer brings rich and shellingham, and click
    # has always come with it.
    declared = frozenset({"typer", "torch"})
    for name in ("rich", "shellingham", "click"):
        assert is_declared(name, declared), name
    # typer-slim brings click alone; rich does not bring typer.
    assert is_declared("click", frozenset({"typer-slim"}))
    assert not is_declared("rich", frozenset({"typer-slim"}))
    assert not is_declared("typer", frozenset({"rich"}))


def test_a_distribution_named_for_its_import_with_a_python_suffix_declares_it() -> None:
    # neat-python installs `neat`, ffmpeg-python `ffmpeg`, discord.py `discord`.
    assert is_declared("neat", frozenset({"numpy", "pygame", "neat-python"}))
    assert is_declared("ffmpeg", frozenset({"ffmpeg-python"}))
    assert is_declared("discord", frozenset({"discord-py"}))
    # Only after a separator: numpy declares no `num`, and an unrelated name nothing.
    assert not is_declared("num", frozenset({"numpy"}))
    assert not is_declared("neat", frozenset({"pygame"}))


def test_a_dash_app_imports_the_component_packages_dash_installs() -> None:
    # A Dash 1.x app pinning dash imports `dash_core_components as dcc` and
    # `dash_html_components as html`: every dash before 3.0 requires both, and dash_table.
    declared = frozenset({"dash"})
    for name in ("dash_core_components", "dash_html_components", "dash_table"):
        assert is_declared(name, declared), name
    assert not is_declared("dash_bootstrap_components", declared)


def test_the_aws_cdk_is_declared_by_its_distributions() -> None:
    # An infrastructure stack beside a training script: `import aws_cdk as cdk` with
    # aws-cdk-lib==2.59.0 in requirements.txt; CDK v2 ships as aws-cdk-lib, and v1 as one
    # distribution per part of the `aws_cdk` namespace (aws-cdk.core, aws-cdk.aws-ec2).
    assert is_declared("aws_cdk", frozenset({"aws-cdk-lib", "constructs"}))
    assert is_declared("aws_cdk", frozenset({"aws-cdk-core"}))
    assert suggested_distribution("aws_cdk") == "aws-cdk-lib"
    assert not is_declared("aws_cdk", frozenset({"boto3", "awscli"}))


def test_what_hydra_and_lightning_install_and_gin_is_gin_config() -> None:
    # A Lightning and Hydra template project: requirements.txt names hydra-core and
    # pytorch-lightning, the code imports omegaconf (every hydra-core requires it) and tqdm
    # (every pytorch-lightning and lightning requires it).
    declared = frozenset({"torch", "pytorch-lightning", "hydra-core"})
    assert is_declared("omegaconf", declared)
    assert is_declared("tqdm", declared)
    assert is_declared("tqdm", frozenset({"lightning"}))
    assert not is_declared("omegaconf", frozenset({"torch"}))
    # `import gin` is Google's gin-config: the name to declare, and a declaration of it.
    assert suggested_distribution("gin") == "gin-config"
    assert is_declared("gin", frozenset({"gin-config"}))


def test_imports_named_apart_from_their_distributions_in_ml_projects() -> None:
    # Each import beside the distribution a learner's requirements.txt declares for it.
    pairs = {
        "whisper": "openai-whisper",
        "skopt": "scikit-optimize",
        "skvideo": "scikit-video",
        "sklearn_extra": "scikit-learn-extra",
        "pyro": "pyro-ppl",
        "community": "python-louvain",
        "nemo": "nemo_toolkit",
        "cirq": "cirq-core",
        "neptune": "neptune-client",
        "mlflow": "mlflow-skinny",
        "thop": "ultralytics-thop",
        "dlib": "dlib-bin",
        "open3d": "open3d-cpu",
        "dgl": "dgl-cu113",
        "pycocotools": "pycocotools-windows",
        "xgboost": "xgboost-cpu",
    }
    for module, distribution in pairs.items():
        assert is_declared(module, frozenset({canonicalize_name(distribution)})), module
    assert suggested_distribution("whisper") == "openai-whisper"
    assert suggested_distribution("skopt") == "scikit-optimize"
    assert not is_declared("whisper", frozenset({"openai"}))


def test_a_spacy_model_comes_with_spacy() -> None:
    # `import en_core_web_sm` after `python -m spacy download en_core_web_sm`: the model is
    # no package of the index, and spacy's declaration is what a reader installs.
    assert is_declared("en_core_web_sm", frozenset({"spacy"}))
    assert is_declared("de_core_news_lg", frozenset({"spacy"}))
    assert not is_declared("en_core_web_sm", frozenset({"nltk"}))


def test_earth_observation_and_weather_clients_are_declared_by_their_distributions() -> None:
    # Crop yield projects read satellite and weather data through clients whose import names
    # share nothing with the distribution: `import ee` comes with earthengine-api, `import
    # ecmwfapi` with ecmwf-api-client.
    assert is_declared("ee", frozenset({"earthengine-api"}))
    assert is_declared("ecmwfapi", frozenset({"ecmwf-api-client"}))
    assert suggested_distribution("ee") == "earthengine-api"
    assert not is_declared("ee", frozenset({"geemap-extras"}))


def test_text_mining_imports_named_apart_from_their_distributions() -> None:
    # Topic-modelling learners: `import tabula` is tabula-py (PyPI's "tabula" is another
    # project) and `import preprocessor` is tweet-preprocessor.
    assert suggested_distribution("tabula") == "tabula-py"
    assert suggested_distribution("preprocessor") == "tweet-preprocessor"
    assert is_declared("tabula", frozenset({"tabula-py"}))
    assert is_declared("preprocessor", frozenset({"tweet-preprocessor"}))


def test_causal_inference_libraries_imported_under_another_name_are_declared() -> None:
    # `from sklift.models import TwoModels` beside scikit-uplift==0.5.1; causal-learn's
    # discovery algorithms import as causallearn.
    assert is_declared("sklift", frozenset({"scikit-uplift"}))
    assert suggested_distribution("sklift") == "scikit-uplift"
    assert is_declared("causallearn", frozenset({"causal-learn"}))


def test_a_music_service_imports_what_its_mongo_driver_and_audio_stack_install() -> None:
    # A recommender's FastAPI backend declaring motor imports `from bson import ObjectId`:
    # bson ships inside pymongo, which motor requires (PyPI's "bson" is another project that
    # breaks pymongo's). librosa requires soundfile; implicit and sentence-transformers tqdm.
    declared = frozenset({"motor", "librosa", "implicit", "sentence-transformers"})
    for name in ("bson", "pymongo", "soundfile", "tqdm"):
        assert is_declared(name, declared), name
    assert suggested_distribution("bson") == "pymongo"
    # python-jose installs `jose`; PyPI's "jose" is an old, different project.
    assert suggested_distribution("jose") == "python-jose"
    assert not is_declared("bson", frozenset({"fastapi"}))


def test_an_apache_project_and_universal_pathlib_declare_their_imports() -> None:
    # The Apache projects publish as apache-<project> and install `<project>`
    # (apache-airflow installs `airflow`); universal-pathlib installs `upath`.
    assert is_declared("airflow", frozenset({"apache-airflow", "pendulum"}))
    assert is_declared("upath", frozenset({"universal-pathlib", "s3fs"}))
    # apache-beam installs `apache_beam`, still found by its whole name.
    assert is_declared("apache_beam", frozenset({"apache-beam"}))
    # The prefix alone declares nothing, and nothing else than its own project.
    assert not is_declared("airflow", frozenset({"apache-beam"}))
    assert not is_declared("upath", frozenset({"pathlib2"}))


def test_bayes_opt_and_pybullet_data_are_installed_under_other_names() -> None:
    # A Bayesian optimisation project declaring bayesian-optimization and pybullet:
    # `from bayes_opt import BayesianOptimization` comes from the first, and
    # `import pybullet_data` (the URDF files) ships inside the second.
    declared = frozenset({"bayesian-optimization", "pybullet", "gpytorch"})
    for name in ("bayes_opt", "pybullet_data", "pybullet_envs", "pybullet_utils"):
        assert is_declared(name, declared), name
    assert suggested_distribution("bayes_opt") == "bayesian-optimization"
    assert suggested_distribution("pybullet_data") == "pybullet"
    assert not is_declared("bayes_opt", frozenset({"gpytorch"}))


def test_torchserves_ts_package_is_installed_as_torchserve() -> None:
    # A model handler for TorchServe: `from ts.torch_handler.vision_handler import
    # VisionHandler` comes from `pip install torchserve`; there is no `ts` to install.
    assert is_declared("ts", frozenset({"torchserve", "torch"}))
    assert suggested_distribution("ts") == "torchserve"
    assert not is_declared("ts", frozenset({"torch"}))


def test_pyart_and_neuralop_are_installed_under_other_names() -> None:
    # A precipitation nowcasting project's conda file lists arm_pyart==1.19.2 under pip:
    # `import pyart` (the ARM Radar Toolkit) comes from it; `from neuralop.models import FNO`
    # is pip's neuraloperator.
    declared = frozenset({"arm-pyart", "torch"})
    assert is_declared("pyart", declared)
    assert suggested_distribution("pyart") == "arm-pyart"
    assert suggested_distribution("neuralop") == "neuraloperator"
    assert is_declared("neuralop", frozenset({"neuraloperator"}))
    assert not is_declared("pyart", frozenset({"torch"}))


def test_botocore_and_prometheus_client_come_with_what_an_aws_and_metrics_app_declares() -> None:
    # boto3 requires botocore (``from botocore.exceptions import ClientError``); the FastAPI
    # instrumentator requires prometheus_client, whose Counter and Histogram an app imports.
    assert is_declared("botocore", frozenset({"boto3"}))
    assert is_declared("botocore", frozenset({"sagemaker"}))
    assert is_declared("prometheus_client", frozenset({"prometheus-fastapi-instrumentator"}))
    assert not is_declared("botocore", frozenset({"requests"}))


def test_the_pdf_stack_s_imports_come_with_what_a_table_extraction_project_installs() -> None:
    # pdfminer.six installs `pdfminer`, and camelot-py and pdfplumber require it; Adobe's PDF
    # Services SDK (pdfservices-sdk) installs the `adobe` namespace; llama-parse requires
    # llama-index-core, which requires nest-asyncio (`import nest_asyncio` in a notebook).
    assert is_declared("pdfminer", frozenset({"pdfminer-six"}))
    assert is_declared("pdfminer", frozenset({"camelot-py"}))
    assert is_declared("pdfminer", frozenset({"pdfplumber"}))
    assert is_declared("adobe", frozenset({"pdfservices-sdk"}))
    assert is_declared("nest_asyncio", frozenset({"llama-parse"}))
    assert is_declared("nest_asyncio", frozenset({"llama-index-core"}))
    assert suggested_distribution("pdfminer") == "pdfminer-six"
    assert not is_declared("pdfminer", frozenset({"pypdf2"}))
    assert not is_declared("nest_asyncio", frozenset({"requests"}))


def test_a_django_app_imports_what_django_and_channels_install() -> None:
    # A Django Channels app declaring django and channels calls `from asgiref.sync import
    # async_to_sync` in its consumers: Django (since 3.0), Channels and Daphne all require
    # asgiref, and Django requires sqlparse.
    for declared in ({"django"}, {"channels"}, {"daphne"}):
        assert is_declared("asgiref", frozenset(declared)), declared
    assert is_declared("sqlparse", frozenset({"django"}))
    # uvicorn serves ASGI without asgiref, and djangorestframework does not bring sqlparse.
    assert not is_declared("asgiref", frozenset({"uvicorn"}))
    assert not is_declared("sqlparse", frozenset({"djangorestframework"}))


def test_a_soundscape_script_imports_the_annotations_scaper_installs() -> None:
    # `import jams` beside a declared scaper: Scaper requires JAMS for its annotations.
    assert is_declared("jams", frozenset({"scaper"}))
    assert not is_declared("jams", frozenset({"librosa"}))


def test_what_a_brought_package_requires_comes_along_too() -> None:
    # charset_normalizer comes with requests, which comes with transformers; nbformat with
    # the notebook server jupyter installs; mlflow requires matplotlib.
    assert is_declared("charset_normalizer", frozenset({"requests"}))
    assert is_declared("charset_normalizer", frozenset({"transformers"}))
    assert is_declared("nbformat", frozenset({"jupyter"}))
    assert is_declared("matplotlib", frozenset({"mlflow"}))
    # Not through a package that does not require it: mlflow-skinny leaves matplotlib out.
    assert not is_declared("matplotlib", frozenset({"mlflow-skinny"}))
    assert not is_declared("charset_normalizer", frozenset({"numpy"}))


def test_strsims_similarity_package_is_declared_by_strsim() -> None:
    # An essay scorer's pyproject lists strsim==0.0.3, whose wheel installs the `similarity`
    # package (`from similarity.cosine import Cosine`). Undeclared, the import may be another
    # project's, so the suggestion stays its own name rather than a guess.
    assert is_declared("similarity", frozenset({"strsim", "spacy"}))
    assert is_declared("similarity", frozenset({"similarity"}))
    assert suggested_distribution("similarity") == "similarity"
    assert not is_declared("similarity", frozenset({"spacy"}))


def test_amazons_chronos_models_are_declared_by_chronos_forecasting() -> None:
    # `from chronos import ChronosPipeline` comes from chronos-forecasting (Amazon's
    # pretrained time-series models); an older, unrelated package is named chronos itself.
    assert is_declared("chronos", frozenset({"chronos-forecasting", "torch"}))
    assert is_declared("chronos", frozenset({"chronos"}))
    assert not is_declared("chronos", frozenset({"torch"}))


def test_pywt_is_installed_as_pywavelets() -> None:
    # An urban-sound classifier's wavelet features: `import pywt` comes from `pip install
    # PyWavelets`; there is no `pywt` to install.
    assert is_declared("pywt", frozenset({"pywavelets", "librosa"}))
    assert suggested_distribution("pywt") == "pywavelets"
    assert not is_declared("pywt", frozenset({"librosa"}))


def test_cattr_is_installed_as_cattrs() -> None:
    # A tagger's parameter dataclasses: `import cattr` is the old module name that `pip
    # install cattrs` still ships; there is no `cattr` to install.
    assert is_declared("cattr", frozenset({"cattrs", "attrs"}))
    assert suggested_distribution("cattr") == "cattrs"
    assert not is_declared("cattr", frozenset({"attrs"}))


def test_socketio_is_installed_as_python_socketio() -> None:
    # A simulator's telemetry server (`import socketio`, `eventlet`): the package is
    # python-socketio; PyPI's "socketio" is an unrelated project from 2019.
    assert is_declared("socketio", frozenset({"python-socketio", "eventlet"}))
    assert suggested_distribution("socketio") == "python-socketio"
    assert suggested_distribution("engineio") == "python-engineio"
