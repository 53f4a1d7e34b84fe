namespace FlexCodegen.Runtime;

// One file, compiled into the runtime (its error messages) and linked into the generator (its docs and diagnostics) and
// the id analyzer (its messages), so a message at run time and a doc comment at build time never disagree on "a" or "an".

/// <summary>The English article a word takes by its sound.</summary>
internal static class EnglishArticle
{
    /// <summary>
    /// <c>an</c> before a vowel sound: an InteractionSid, an interaction channel; <c>a</c> otherwise: a ChannelSid, a task.
    /// A U followed by one consonant and a vowel sounds like "you" (a UserSid, a unit, a usage); before two consonants it
    /// does not (an UpdateSid, an unread message).
    /// </summary>
    public static string For(string word)
    {
        if (word.Length == 0 || !IsVowel(word[0])) return "a";
        if (word[0] is 'U' or 'u' && word.Length > 2 && !IsVowel(word[1]) && IsVowel(word[2])) return "a";
        return "an";
    }

    private static bool IsVowel(char c) => "AEIOUaeiou".IndexOf(c) >= 0;
}
