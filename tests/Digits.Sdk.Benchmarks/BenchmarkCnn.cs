using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// The benchmark's CNN, written by hand so the benchmark does not wait for the generator; peers/train_throughput.py
/// builds exactly the same layers in PyTorch. conv(32,3) → ReLU → maxpool → conv(64,3) → ReLU → maxpool → fc(128) → ReLU → fc(10).
/// </summary>
internal sealed class BenchmarkCnn : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc1;
    private readonly Linear fc2;

    public BenchmarkCnn()
        : base(nameof(BenchmarkCnn))
    {
        conv1 = Conv2d(1, 32, 3);
        conv2 = Conv2d(32, 64, 3);
        fc1 = Linear(64 * 5 * 5, 128);
        fc2 = Linear(128, 10);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.max_pool2d(functional.relu(conv1.forward(input)), 2);
        x = functional.max_pool2d(functional.relu(conv2.forward(x)), 2);
        x = functional.relu(fc1.forward(x.flatten(1)));
        return fc2.forward(x).MoveToOuterDisposeScope();
    }
}
