"""Git, in one room: every git command golive runs goes through :mod:`~golive.git.runner`.

- :mod:`~golive.git.runner`: one GitPython ``Repo`` per repository, one error translation;
- :mod:`~golive.git.revisions`: refs, commits, merge bases, a path's history;
- :mod:`~golive.git.trees`: a revision's files (listings, one file, an exact export);
- :mod:`~golive.git.work_tree`: what changed or is staged, tracked files and attributes;
- :mod:`~golive.git.branch`: a new branch at HEAD and a commit on it (rollback, flip);
- :mod:`~golive.git.object_ids`: git's blob and tree ids computed from disk, without git.

Nothing here knows about tenants' contents, policies or output.
"""
