namespace Digits.Sdk.Modeling;

/// <summary>
/// A network declared with layer attributes. The source generator implements it on every
/// <c>[Network]</c> class, so the SDK can train, summarise and export any declared network.
/// </summary>
public interface INetwork
{
    /// <summary>The network's layers and inferred shapes.</summary>
    NetworkArchitecture Architecture { get; }
}
