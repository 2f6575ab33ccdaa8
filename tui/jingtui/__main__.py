from jingtui.cli import main

raise SystemExit(main())
