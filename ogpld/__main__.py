from ogpld.cli import main

main()
