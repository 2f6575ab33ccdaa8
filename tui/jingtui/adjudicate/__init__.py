"""Adjudication: from several reviewers' codings of the same articles to one agreed (consensus) version.

- :mod:`~jingtui.adjudicate.disagreements`: the agreed claims and the disagreements of an article, in reading
  order (pure).
- :mod:`~jingtui.adjudicate.decisions`: a decision (take A's, B's, both, neither, an edited version) as an
  undoable change of the consensus reviewer's claims.
- :mod:`~jingtui.adjudicate.workbench`: one adjudication over a store (what the command and the screen use).
"""
