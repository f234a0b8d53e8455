namespace Digits.Sdk.Modeling;

/// <summary>Log-softmax over the features (dimension 1), typically the last layer of a network trained with negative log-likelihood.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LogSoftmaxAttribute : LayerAttribute
{
}
