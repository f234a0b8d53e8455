namespace Digits.Sdk.Native;

/// <summary>
/// TorchSharp's native libraries could not be loaded. The message says what is missing and how to fix it;
/// the inner exception is TorchSharp's own error.
/// </summary>
public sealed class TorchSharpUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception with an explanation and TorchSharp's original error.</summary>
    /// <param name="message">What is missing and what to do about it.</param>
    /// <param name="innerException">The error TorchSharp raised.</param>
    public TorchSharpUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
