using System.Diagnostics;
using Digits.Sdk.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// The SDK's optimizers are TorchSharp's, except that every scalar they pass to libtorch stays alive during the
/// call. TorchSharp 0.107's own ones let a garbage collection on another thread free a scalar under libtorch; with
/// a thread forcing collections they fail within seconds ("Expected false to be true", "Unknown scalar type").
/// </summary>
public sealed class ScalarSafeOptimizerTests
{
    public static TheoryData<string> Kinds => new() { "AdamW", "Adam", "SGD", "SGD-Nesterov" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_step_is_bit_for_bit_TorchSharps_and_so_is_the_saved_state(string kind)
    {
        using var scope = NewDisposeScope();
        using var ours = Model();
        using var theirs = Model();
        using var oursOptimizer = Create(kind, ours.parameters(), scalarSafe: true);
        using var theirsOptimizer = Create(kind, theirs.parameters(), scalarSafe: false);
        random.manual_seed(9);
        var inputs = randn(16, 12);
        var labels = randint(0, 5, [16]);

        for (var step = 0; step < 25; step++)
        {
            Step(ours, oursOptimizer, inputs, labels);
            Step(theirs, theirsOptimizer, inputs, labels);
        }

        foreach (var ((name, mine), (_, reference)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            Assert.True(mine.eq(reference).all().item<bool>(), $"{kind}: {name} differs from TorchSharp's by up to {(mine - reference).abs().max().item<float>()}");
        }

        Assert.Equal(SavedState(theirsOptimizer), SavedState(oursOptimizer));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    [Trait("Category", "Slow")]
    public void Steps_survive_garbage_collections_forced_by_another_thread(string kind)
    {
        using var model = Model();
        using var optimizer = Create(kind, model.parameters(), scalarSafe: true);
        using var inputs = randn(32, 12);
        using var labels = randint(0, 5, [32]);
        using var collections = ForcedCollections.Start();

        // 20,000 steps, or fewer on a slow machine. TorchSharp's own optimizers fail this loop within a second.
        var clock = Stopwatch.StartNew();
        var steps = 0;
        while (steps < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var scope = NewDisposeScope();
            Step(model, optimizer, inputs, labels);
            steps++;
        }
    }

    private static Sequential Model()
    {
        random.manual_seed(4);
        return nn.Sequential(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 5));
    }

    private static optim.Optimizer Create(string kind, IEnumerable<Parameter> parameters, bool scalarSafe) => (kind, scalarSafe) switch
    {
        ("AdamW", true) => new Sdk.Training.Optimization.AdamW(parameters, 1e-2, 0.9, 0.99, 1e-2),
        ("AdamW", false) => optim.AdamW(parameters, 1e-2, 0.9, 0.99, weight_decay: 1e-2),
        ("Adam", true) => new Sdk.Training.Optimization.Adam(parameters, 1e-2, 0.8, 0.95, 1e-3),
        ("Adam", false) => optim.Adam(parameters, 1e-2, 0.8, 0.95, weight_decay: 1e-3),
        ("SGD", true) => new Sdk.Training.Optimization.SGD(parameters, 0.05, 0.9, 1e-3, nesterov: false),
        ("SGD", false) => optim.SGD(parameters, 0.05, 0.9, weight_decay: 1e-3),
        ("SGD-Nesterov", true) => new Sdk.Training.Optimization.SGD(parameters, 0.05, 0.9, 0, nesterov: true),
        ("SGD-Nesterov", false) => optim.SGD(parameters, 0.05, 0.9, nesterov: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void Step(Sequential model, optim.Optimizer optimizer, Tensor inputs, Tensor labels)
    {
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.call(inputs), labels).backward();
        optimizer.step();
    }

    private static byte[] SavedState(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ((OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }
}
