"""Libraries built on PyTorch whose calls draw from torch's global generator.

PyTorch Geometric's graph layers initialise their weights with ``torch.nn.init`` and its
loaders subclass ``torch.utils.data.DataLoader``: ``torch.manual_seed`` fixes both, exactly as
it fixes the torch calls they stand for. A Hugging Face model built from a config
(``GPT2LMHeadModel(config)``, ``AutoModelForCausalLM.from_config(config)``) draws every
weight the same way; one loaded ``from_pretrained`` is read as no draw (only a new head is
drawn, and scripts that fine-tune are not told otherwise on a guess). Naming that call lets
draws.py judge them as torch's.
"""

from __future__ import annotations

import re

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


#: A transformers PyTorch model class (not its TF or Flax twin): ``BertModel``,
#: ``GPT2LMHeadModel``, ``LlamaForCausalLM``, ``AutoModelForSequenceClassification``; not
#: a ``DataCollatorForLanguageModeling`` or the abstract ``PreTrainedModel``.
_HF_MODEL = re.compile(r"^(?!TF|Flax|DataCollator|PreTrained)[A-Z]\w*(Model|For[A-Z]\w*)$")


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
    if parts[0] != "torch_geometric" or len(parts) < 3:
        return name
    last = parts[-1]
    if parts[1] == "nn" and last in PYG_INITIALISED:
        return "torch.nn.Linear"
    if parts[1] in ("loader", "data") and last in PYG_LOADERS:
        return "torch.utils.data.DataLoader"
    return name
