from repocheck.analysis.dataset_configs import validates_on_training_images


def test_val_naming_the_training_folder_validates_on_training_images() -> None:
    assert validates_on_training_images("train: images/train\nval: images/train\nnc: 2\n")
    # Spelt differently, the same folders: ./, a trailing slash, a list of one.
    assert validates_on_training_images("train: ./train/images/\nval: [train/images]\n")
    # Under a shared root.
    assert validates_on_training_images("path: ../datasets/x\ntrain: a\nval: a\n")


def test_a_held_out_folder_or_an_unreadable_config_is_no_finding() -> None:
    assert not validates_on_training_images("train: train/images\nval: valid/images\n")
    assert not validates_on_training_images("train: [a, b]\nval: [a]\n")  # a part is no copy
    assert not validates_on_training_images("train: a\n")
    assert not validates_on_training_images("train: [a\n")  # not YAML
    assert not validates_on_training_images("- a\n- b\n")
