using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Native;

/// <summary>
/// Tensor-and-number arithmetic whose number, as a TorchSharp <see cref="Scalar"/>, stays referenced until libtorch
/// has used it. Same kernels and results as the operators (<c>tensor * 2.0</c> and so on).
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a number operand into a temporary <see cref="Scalar"/> whose only reference is the native
/// call's argument; a garbage collection on another thread can finalize and free it while libtorch reads it
/// (see <c>Training/Optimization/AdamW</c>). Code that runs for every training batch uses these instead.
/// </remarks>
internal static class HeldScalarArithmetic
{
    /// <summary><paramref name="tensor"/> × <paramref name="factor"/>.</summary>
    public static Tensor Times(this Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary><paramref name="tensor"/> × <paramref name="factor"/>, in place.</summary>
    public static Tensor TimesInPlace(this Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul_(scalar);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="value"/>.</summary>
    public static Tensor Plus(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        using var one = 1.ToScalar();
        return tensor.add(scalar, one);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="other"/>; TorchSharp's tensor <c>+</c> passes a temporary alpha of 1.</summary>
    public static Tensor Plus(this Tensor tensor, Tensor other)
    {
        using var one = 1.ToScalar();
        return tensor.add(other, one);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="other"/>, in place.</summary>
    public static Tensor PlusInPlace(this Tensor tensor, Tensor other)
    {
        using var one = 1.ToScalar();
        return tensor.add_(other, one);
    }

    /// <summary><paramref name="tensor"/> − <paramref name="value"/>.</summary>
    public static Tensor Minus(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.sub(scalar);
    }

    /// <summary><paramref name="tensor"/> ÷ <paramref name="divisor"/>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return tensor.div(scalar);
    }
}
