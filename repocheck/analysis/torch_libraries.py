"""Libraries built on PyTorch whose calls draw from torch's global generator.

PyTorch Geometric's graph layers initialise their weights with ``torch.nn.init`` and its
loaders subclass ``torch.utils.data.DataLoader``: ``torch.manual_seed`` fixes both, exactly as
it fixes the torch calls they stand for. A Hugging Face model built from a config
(``GPT2LMHeadModel(config)``, ``AutoModelForCausalLM.from_config(config)``) draws every
weight the same way; one loaded ``from_pretrained`` is read as no draw (only a new head is
drawn, and scripts that fine-tune are not told otherwise on a guess). torchmeta's ``Meta*``
layers subclass the torch layers they are named after (``MetaConv2d(nn.Conv2d, MetaModule)``).
Naming that call lets draws.py judge them as torch's.

MONAI's networks (``monai.networks.nets.UNet``, ``SegResNet``, ``UNETR``) and blocks are torch
modules built of torch layers, and its ``DataLoader`` and ``ThreadDataLoader`` subclass torch's.

torchmeta's meta data loaders are the exception: they shuffle by default, and a shuffling one
picks each task's classes with Python's ``random.sample`` (its ``CombinationRandomSampler``),
which ``random.seed`` fixes and ``torch.manual_seed`` does not.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import keyword, turned_off
from repocheck.patterns import compile_on_use

#: PyTorch Geometric layers and models that hold weights of their own (GINConv and EdgeConv
#: wrap a network the code builds, whose torch layers are seen where it is built).
PYG_INITIALISED = frozenset(
    {"GCNConv", "GATConv", "GATv2Conv", "SAGEConv", "GraphConv", "ChebConv", "TAGConv"}
    | {"SGConv", "ARMAConv", "RGCNConv", "FastRGCNConv", "GatedGraphConv", "TransformerConv"}
    | {"ResGatedGraphConv", "LEConv", "GENConv", "FiLMConv", "GeneralConv", "SuperGATConv"}
    | {"HypergraphConv", "GMMConv", "SplineConv", "NNConv", "CGConv", "PNAConv", "GCN2Conv"}
    | {"Linear", "HeteroLinear", "MLP", "GCN", "GraphSAGE", "GIN", "GAT", "PNA", "EdgeCNN"}
)
#: PyTorch Geometric loaders that shuffle when asked to, like the DataLoader they subclass.
PYG_LOADERS = frozenset({"DataLoader", "DenseDataLoader", "DataListLoader"})
#: torchmeta layers that draw their weights: ``Meta`` and the torch layer each subclasses (its
#: batch norms, layer norm and containers draw nothing).
TORCHMETA_INITIALISED = frozenset(
    {"Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "Embedding", "EmbeddingBag"}
)
#: torchmeta's loaders of task batches; ``shuffle`` is their third parameter, True by default.
TORCHMETA_LOADERS = frozenset({"MetaDataLoader", "BatchMetaDataLoader"})


#: MONAI's loaders, which shuffle when asked to like the torch DataLoader they subclass.
MONAI_LOADERS = frozenset({"DataLoader", "ThreadDataLoader"})
#: MONAI's factories of networks named in lower case (``resnet18``, ``densenet121``).
_MONAI_FACTORY = compile_on_use(r"^(resnet|densenet|senet|se_resnet|se_resnext)\d+")


def _monai_equivalent(parts: list[str], name: str) -> str:
    """``monai.networks.nets.UNet`` draws its weights as a torch layer does;
    ``monai.data.DataLoader`` shuffles as torch's does."""
    last = parts[-1]
    if len(parts) >= 4 and parts[1] == "networks" and parts[2] in ("nets", "blocks"):
        built = last[:1].isupper() or bool(_MONAI_FACTORY.match(last))
        return "torch.nn.Linear" if built else name
    if len(parts) >= 3 and parts[1] == "data" and last in MONAI_LOADERS:
        return "torch.utils.data.DataLoader"
    return name


#: A transformers PyTorch model class (not its TF or Flax twin): ``BertModel``,
#: ``GPT2LMHeadModel``, ``LlamaForCausalLM``, ``AutoModelForSequenceClassification``; not
#: a ``DataCollatorForLanguageModeling`` or the abstract ``PreTrainedModel``.
_HF_MODEL = compile_on_use(r"^(?!TF|Flax|DataCollator|PreTrained)[A-Z]\w*(Model|For[A-Z]\w*)$")


def _hf_built_from_config(parts: list[str]) -> bool:
    """``transformers.GPT2LMHeadModel`` (called with a config) or
    ``transformers.AutoModel.from_config``: a network whose weights are drawn now."""
    if parts[0] != "transformers" or len(parts) < 2:
        return False
    if parts[-1] == "from_config":
        return len(parts) >= 3 and bool(_HF_MODEL.match(parts[-2]))
    return not parts[-1].startswith("Auto") and bool(_HF_MODEL.match(parts[-1]))


#: A transformers class that puts a task's head on a network (``AutoModelForSequenceClassification``,
#: ``BertForTokenClassification``, ``ViTForImageClassification``); its TF and Flax twins draw
#: from TensorFlow's and JAX's generators instead.
_TASK_HEAD = compile_on_use(
    r"^(?!TF|Flax)[A-Z]\w*For(?:SequenceClassification|TokenClassification|MultipleChoice"
    r"|QuestionAnswering|ImageClassification|AudioClassification)$"
)
#: Checkpoints pretrained without labels (masked language models, ImageNet-21k ViTs): they
#: hold no task head, so loading one into a task class draws the head (the library logs
#: "newly initialized" for its weights). Named by family, so a fine-tuned model under
#: another name is never read as one.
_BASE_CHECKPOINT = compile_on_use(
    r"^(?:bert|roberta|distilbert|distilroberta|albert|xlm-roberta|m?deberta(?:-v[23])?"
    r"|electra|camembert|flaubert|xlnet|mpnet|longformer|bigbird-roberta|mobilebert"
    r"|modernbert|bertweet|hatebert|scibert|biobert|bio_clinicalbert)(?:[-_][a-z0-9.]+)*$"
    r"|^vit-(?:base|large|huge)-patch\d+-\d+-in21k$"
)
#: Words in a checkpoint's name that say it was fine-tuned on a task, head and all.
_FINE_TUNED_WORDS = frozenset(
    {"finetuned", "fine", "tuned", "sst", "sst2", "mnli", "squad", "squad2", "ner", "pos"}
    | {"sentiment", "emotion", "emotions", "imdb", "conll", "conll03", "conll2003", "mrpc"}
    | {"qqp", "qnli", "rte", "cola", "stsb", "nli", "xnli", "snli", "toxic", "offensive"}
    | {"yelp", "polarity", "classifier", "classification", "ag", "tweeteval"}
)
#: Folders a checkpoint saved by the project sits in: not an organisation of the model hub.
_LOCAL_FOLDERS = frozenset(
    {"models", "model", "checkpoints", "checkpoint", "saved", "saved_models", "save"}
    | {"output", "outputs", "results", "runs", "weights", "ckpt", "artifacts", "trained"}
)


def hub_checkpoint(value: object) -> str | None:
    """The model's name in ``org/name`` or ``name`` when ``value`` reads as a checkpoint of
    the model hub, None for a folder of the project's (``./out``, ``models/bert``)."""
    if not isinstance(value, str) or not value or value[0] in "./~\\" or value.endswith("/"):
        return None
    organisation, _, model = value.rpartition("/")
    if "/" in organisation or organisation.lower() in _LOCAL_FOLDERS or not model:
        return None
    words = set(model.lower().replace("_", "-").split("-"))
    return None if words & _FINE_TUNED_WORDS else model.lower()


def draws_a_new_head(name: str, node: ast.Call, checkpoint: object = None) -> bool:
    """``AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")``: a task
    class loaded from a checkpoint without its head, which is drawn from torch's generator
    now; or told ``ignore_mismatched_sizes=True`` with a number of labels, so the checkpoint's
    head is replaced by a drawn one. ``checkpoint`` is the value of a name given for it."""
    parts = name.split(".")
    if parts[0] != "transformers" or len(parts) < 3 or parts[-1] != "from_pretrained":
        return False
    if not _TASK_HEAD.match(parts[-2]):
        return False
    given = node.args[0] if node.args else keyword(node, "pretrained_model_name_or_path")
    if isinstance(given, ast.Constant):
        checkpoint = given.value
    model = hub_checkpoint(checkpoint)
    if model is None:
        return False
    if _BASE_CHECKPOINT.match(model):
        return True
    resized = keyword(node, "num_labels") or keyword(node, "id2label")
    mismatched = keyword(node, "ignore_mismatched_sizes")
    return resized is not None and mismatched is not None and not turned_off(mismatched)


def torch_equivalent(name: str) -> str:
    """The torch call ``name`` draws as (``torch_geometric.nn.GCNConv`` initialises weights as
    ``torch.nn.Linear`` does), or ``name`` itself."""
    parts = name.split(".")
    if _hf_built_from_config(parts):
        return "torch.nn.Linear"
    if parts[0] == "monai":
        return _monai_equivalent(parts, name)
    if parts[0] == "torchmeta" and len(parts) >= 3 and parts[1] == "modules":
        layer = parts[-1].removeprefix("Meta")
        return f"torch.nn.{layer}" if layer in TORCHMETA_INITIALISED else name
    if parts[0] != "torch_geometric" or len(parts) < 3:
        return name
    last = parts[-1]
    if parts[1] == "nn" and last in PYG_INITIALISED:
        return "torch.nn.Linear"
    if parts[1] in ("loader", "data") and last in PYG_LOADERS:
        return "torch.utils.data.DataLoader"
    return name


def torchmeta_loader_shuffles(name: str, node: ast.Call) -> bool:
    """``BatchMetaDataLoader(dataset, batch_size=16)``: a torchmeta loader of tasks that
    shuffles (unless given ``shuffle=False`` or a sampler of its own), drawing each task's
    classes from Python's random when iterated."""
    parts = name.split(".")
    if parts[0] != "torchmeta" or parts[-1] not in TORCHMETA_LOADERS or len(parts) < 3:
        return False
    if keyword(node, "sampler") is not None or keyword(node, "batch_sampler") is not None:
        return False
    shuffle = keyword(node, "shuffle") or (node.args[2] if len(node.args) > 2 else None)
    return not turned_off(shuffle)
