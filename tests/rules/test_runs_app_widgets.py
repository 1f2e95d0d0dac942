"""REPRO006: a Streamlit app that trains on a button takes its settings from the widgets a
user sets (``st.sidebar.slider("Training Epochs", ...)``), as a script takes them from its
command line; a value typed into the training call beside them still says so."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

APP = """\
import streamlit as st
from sklearn.neural_network import MLPRegressor

st.title("Prediction")
max_iter = st.sidebar.slider("Training Iterations", min_value=100, max_value=1000, value=300)
size = st.sidebar.selectbox("Model size", [50, 100])

if st.sidebar.button("Train"):
    model = MLPRegressor(hidden_layer_sizes=(size,), max_iter=max_iter, random_state=0)
    model.fit([[0.0], [1.0]], [0.0, 1.0])
    st.write(model.predict([[0.5]]))
"""

KERAS_APP = """\
import streamlit as st
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

with st.sidebar:
    epochs = st.number_input("Epochs", value=50)

model = Sequential([Dense(1)])
model.compile(optimizer="adam", loss="mse")
if st.button("Train"):
    model.fit([[0.0]], [[1.0]], epochs=epochs)
"""


def test_repro006_streamlit_widgets_configure_the_run() -> None:
    result = check("REPRO006", snapshot_from({"app.py": APP}))
    assert result.status is Status.PASS, result.message
    assert "Streamlit widgets" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("app.py", 5)]


def test_repro006_a_widget_inside_the_sidebar_block_configures_the_run() -> None:
    result = check("REPRO006", snapshot_from({"app.py": KERAS_APP}))
    assert result.status is Status.PASS, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("app.py", 6)]


def test_repro006_a_streamlit_page_without_input_widgets_is_not_configured() -> None:
    shown_only = APP.replace(
        'st.sidebar.slider("Training Iterations", min_value=100, max_value=1000, value=300)',
        "300",
    ).replace('st.sidebar.selectbox("Model size", [50, 100])', "50")
    result = check("REPRO006", snapshot_from({"app.py": shown_only}))
    assert result.status is Status.WARN, result.message


def test_repro006_a_select_box_alone_picks_data_not_settings() -> None:
    picked = """\
import streamlit as st
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

stock = st.selectbox("Stock", ["AAPL", "MSFT"])
model = Sequential([Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit([[0.0]], [[1.0]], epochs=50)
"""
    result = check("REPRO006", snapshot_from({"app.py": picked}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("app.py", 8)]
