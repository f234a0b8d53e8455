namespace Digits.Cli.Commands;

/// <summary>The SDK's error sentences as the user should read them.</summary>
internal static class SdkMessages
{
    /// <summary>
    /// The message of <paramref name="error"/> without the <c>(Parameter 'name')</c> that .NET appends to it: the
    /// parameter is the SDK's, and the user never wrote it.
    /// </summary>
    public static string Of(ArgumentException error)
        => error.ParamName is { } name ? error.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : error.Message;
}
