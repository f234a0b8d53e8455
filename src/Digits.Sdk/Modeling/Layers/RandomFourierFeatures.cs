using Digits.Sdk.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Modeling.Layers;

/// <summary>
/// Random Fourier features (Rahimi and Recht, 2007): <c>z(x) = sqrt(2/D)·cos(x·W + b)</c> with
/// <c>W ~ N(0, 2γ)</c> and <c>b ~ U(0, 2π)</c>, so that <c>z(x)·z(y) ≈ exp(-γ‖x−y‖²)</c>.
/// A linear layer on top of it behaves like an RBF-kernel machine.
/// </summary>
/// <remarks>
/// <c>W</c> and <c>b</c> are buffers named <c>projection</c> <c>[inFeatures, D]</c> and <c>offset</c> <c>[D]</c>:
/// they are saved, loaded and moved with the module but never trained. They are drawn from a generator
/// seeded with <see cref="Seed"/>, so the same declaration always yields the same features.
/// </remarks>
public sealed class RandomFourierFeatures : nn.Module<Tensor, Tensor>
{
    // Named like the buffers: TorchSharp's Module.to() replaces buffers and updates the fields of the same name.
    private Tensor projection;
    private Tensor offset;

    /// <summary>Draws a random Fourier feature map.</summary>
    /// <param name="inFeatures">The number of input features.</param>
    /// <param name="dimensions">The number of output features D.</param>
    /// <param name="gamma">The kernel width γ of <c>exp(-γ‖x−y‖²)</c>; must be positive and finite.</param>
    /// <param name="seed">The seed of the random projection.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or <paramref name="gamma"/> is not positive.</exception>
    public RandomFourierFeatures(long inFeatures, long dimensions, double gamma, long seed)
        : base(nameof(RandomFourierFeatures))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!(gamma > 0) || double.IsInfinity(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be a positive, finite number.");
        }

        InFeatures = inFeatures;
        Dimensions = dimensions;
        Gamma = gamma;
        Seed = seed;

        using var generator = new Generator(unchecked((ulong)seed));
        using (var standard = randn([inFeatures, dimensions], generator: generator))
        {
            // N(0, 2γ) is the Fourier transform of the RBF kernel exp(-γ‖δ‖²).
            projection = standard.mul(Math.Sqrt(2 * gamma));
        }

        using (var uniform = rand([dimensions], generator: generator))
        {
            offset = uniform.mul(2 * Math.PI);
        }

        register_buffer(nameof(projection), projection);
        register_buffer(nameof(offset), offset);
    }

    /// <summary>The number of input features.</summary>
    public long InFeatures { get; }

    /// <summary>The number of output features D.</summary>
    public long Dimensions { get; }

    /// <summary>The kernel width γ.</summary>
    public double Gamma { get; }

    /// <summary>The seed the projection was drawn with.</summary>
    public long Seed { get; }

    /// <summary>Maps a batch <c>[N, inFeatures]</c> to its features <c>[N, D]</c>.</summary>
    /// <param name="input">The batch.</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = input.matmul(projection).PlusInPlace(offset).cos_().TimesInPlace(Math.Sqrt(2.0 / Dimensions));
        return features.MoveToOuterDisposeScope();
    }
}
