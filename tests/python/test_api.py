"""innate.run / sweep / resume / load / info / list / decode against the command line."""
import os
import re
import signal
import threading

import numpy as np
import pytest

import innate

# A control run small enough for a test: CartPole, 8 individuals, 3 generations.
TINY = {"run.generations": 2, "run.population": 8, "task.episodes": 1, "task.final_episodes": 5}


def test_version_is_the_project_version(repo):
    version = re.search(r"project\(innate VERSION ([0-9.]+)", (repo / "CMakeLists.txt").read_text()).group(1)
    assert innate.__version__ == version


def test_run_writes_the_bytes_of_the_command_line(repo, cli, tmp_path):
    scenario = repo / "scenarios" / "baldwin.toml"
    run = innate.run(scenario, seed=3, out=tmp_path / "py")
    cli("run", scenario, "--seed", 3, "--out", tmp_path / "cli", "--quiet")
    for name in ("result.json", "metrics.csv", "genome.cereal", "scenario.toml"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert run.kind == "run" and run.result["seed"] == 3
    assert run.metrics["generation"].tolist() == list(range(run.result["generations"] + 1))
    assert run.genome.dtype == np.float32 and run.genome.size == run.result["genome_params"]


def test_scenario_as_text_and_overrides(repo, tmp_path):
    text = (repo / "scenarios" / "cartpole_direct.toml").read_text()
    run = innate.run(text, overrides=TINY, out=tmp_path / "t")
    assert run.result["scenario"] == "scenario"  # text has no file stem
    assert run.result["population"] == 8 and len(run.metrics["best"]) == 3
    assert set(run.scores) >= {"direct"}


def test_replicates_and_their_summary(repo, cli, tmp_path):
    scenario = repo / "scenarios" / "cartpole_direct.toml"
    runs = innate.run(scenario, overrides=TINY, replicates=2, seed=5, out=tmp_path / "x")
    assert runs.kind == "replicates" and len(runs.replicates) == 2
    assert runs.summary["direct"]["n"] == 2
    mean = np.mean([r.scores["direct"] for r in runs.replicates])
    assert runs.scores["direct"] == pytest.approx(mean)
    sets = [a for k, v in TINY.items() for a in ("--set", f"{k}={v}")]
    cli("run", scenario, *sets, "--seed", 6, "--out", tmp_path / "seed6", "--quiet")
    assert (tmp_path / "x" / "replicate-2" / "result.json").read_bytes() == (tmp_path / "seed6" / "result.json").read_bytes()


def test_sweep_reads_into_numpy(repo, tmp_path):
    sweep = innate.sweep(repo / "scenarios" / "cartpole_direct.toml", "network.layers", [[4, 8, 2], [4, 16, 2]],
                         overrides=TINY, out=tmp_path / "s")
    assert sweep.kind == "sweep" and len(sweep.runs) == 2
    assert sweep.table["genome_params"].tolist() == [58.0, 114.0]
    assert sweep.table["direct"].tolist() == [r.scores["direct"] for r in sweep.runs]


def test_arms_directory(repo, tmp_path):
    arms = innate.run(repo / "scenarios" / "cartpole_arms.toml", overrides=TINY, out=tmp_path / "a")
    assert arms.kind == "arms" and set(arms.arms) == set(arms.result["arms"])
    for name, run in arms.arms.items():
        assert run.result["scores"][name] == arms.scores[name]


def test_info_and_list_match_the_command_line(repo, cli):
    scenario = repo / "scenarios" / "fmnist_gnet.toml"
    info = innate.info(scenario)
    text = cli("info", scenario).stdout
    assert f"genome params    {info['genome_params']}\n" in text
    assert f"network params   {info['network_params']}\n" in text
    assert f"compression      {info['compression']:.1f}x\n" in text
    assert innate.info(scenario, {"genome.hidden": [10, 5]})["genome_params"] < info["genome_params"]
    catalog = innate.list()
    listed = cli("list").stdout
    for section, entry in catalog.items():
        assert f"[{section}]" in listed
        for choice in entry["choices"]:
            assert f'{entry["selector"]} = "{choice}"' in listed
    assert {"ga", "openai_es", "snes", "sep_cma_es", "cma_es"} <= set(catalog["optimizer"]["choices"])


def cli_error(cli, *args):
    result = cli(*args, check=False)
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith("innate: ") and "\n" not in line
    return line[len("innate: "):]


def test_errors_carry_the_command_line_message(repo, cli, tmp_path):
    scenario = repo / "scenarios" / "baldwin.toml"
    with pytest.raises(ValueError) as e:
        innate.run(scenario, overrides={"run.populaton": 3})
    assert str(e.value) == cli_error(cli, "run", scenario, "--set", "run.populaton=3")
    with pytest.raises(FileNotFoundError) as e:
        innate.run("no/such.toml")
    assert str(e.value) == cli_error(cli, "run", "no/such.toml")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    with pytest.raises(ValueError) as e:
        innate.run(scenario, out=tmp_path / "full")
    assert str(e.value) == cli_error(cli, "run", scenario, "--out", tmp_path / "full")
    with pytest.raises(ValueError):
        innate.run("[run]\npopulation = -1\n")
    with pytest.raises(ValueError):
        innate.load(tmp_path / "full")


def test_ctrl_c_checkpoints_and_raises(repo, tmp_path):
    long = dict(TINY, **{"run.generations": 1_000_000})
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt, match="innate.resume"):
        innate.run(repo / "scenarios" / "cartpole_direct.toml", overrides=long, out=tmp_path / "i")
    timer.cancel()
    assert (tmp_path / "i" / "checkpoints" / "latest.ckpt").is_file()
    rows = (tmp_path / "i" / "metrics.csv").read_text().splitlines()
    assert len(rows) >= 2
    with pytest.raises(ValueError, match="not finished"):
        innate.load(tmp_path / "i")


# An images run small enough for a test: Fashion-MNIST (Debian's dataset-fashion-mnist).
FMNIST = "/usr/share/datasets/fashion-mnist"
TINY_IMAGES = {"run.generations": 1, "optimizer.samples": [2000, 200], "optimizer.batches": 5,
               "task.nurture_steps": 4, "task.curve_points": 2, "task.direct_epochs": 0}


@pytest.mark.skipif(not os.path.isdir(FMNIST), reason="Fashion-MNIST not installed (scripts/setup installs it)")
def test_decode_gives_the_networks_the_run_saved(repo, tmp_path):
    scenario = repo / "scenarios" / "fmnist_demo.toml"
    run = innate.run(scenario, overrides=TINY_IMAGES, out=tmp_path / "img")
    saved = run.networks["innate"]
    decoded = innate.decode(scenario, run.genome, overrides=TINY_IMAGES, seed=run.result["seed"])
    assert len(decoded) == len(saved) == 2
    for (w, b), (ws, bs) in zip(decoded, saved):
        assert w.shape == ws.shape and np.array_equal(w, ws) and np.array_equal(b, bs)
    assert decoded[0][0].shape == (800, 784) and decoded[1][0].shape == (10, 800)
    assert set(run.curve) == {"examples", "hot_start", "cold_start"}
    with pytest.raises(ValueError, match="genome of"):
        innate.decode(scenario, run.genome[:-1], overrides=TINY_IMAGES)
