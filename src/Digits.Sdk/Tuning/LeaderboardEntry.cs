namespace Digits.Sdk.Tuning;

/// <summary>One model of a <see cref="Leaderboard"/>.</summary>
/// <param name="Network">The network's name.</param>
/// <param name="Recipe">The recipe it trained with.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, in [0, 1]: what ranks the board and picks the winner.</param>
/// <param name="TestAccuracy">Accuracy on the test set, in [0, 1], reported but never used to choose.</param>
/// <param name="TestMacroF1">The macro-averaged F1 on the test set.</param>
/// <param name="TrainingTime">The wall time of training.</param>
/// <param name="ParameterCount">The number of trainable parameters.</param>
/// <param name="InferenceMicrosecondsPerImage">The wall time of predicting the test set, per image, in microseconds.</param>
public sealed record LeaderboardEntry(
    string Network,
    string Recipe,
    double ValidationAccuracy,
    double TestAccuracy,
    double TestMacroF1,
    TimeSpan TrainingTime,
    long ParameterCount,
    double InferenceMicrosecondsPerImage);
