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
