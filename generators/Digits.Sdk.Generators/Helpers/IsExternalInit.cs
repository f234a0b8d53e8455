namespace System.Runtime.CompilerServices;

/// <summary>Lets records and <c>init</c> compile on netstandard2.0, which the compiler host requires.</summary>
internal static class IsExternalInit
{
}
